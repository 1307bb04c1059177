package io.recsync.sync;

import io.recsync.config.SiteDefinition;
import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.store.AuditStore.Finding;
import io.recsync.store.PlacementEvidence;
import io.recsync.store.PlacementEvidence.Placement;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * An audit's repair step: for each damaged or missing copy it finds, finds a copy at another site
 * and proves it good now (its bytes read and hashed); with {@code --repair} restores the file from
 * it through {@link FileReplacer} (the damaged one to quarantine first) and records the repair in
 * the ledger ({@link PlacementEvidence#recordRepair}). A file with no good copy anywhere is marked
 * NO_GOOD_COPY. Findings already settled are skipped, so a killed repair step simply runs again.
 */
final class AuditRepair {

    private final Audit audit;
    private final PlacementEvidence evidence;
    private final SiteConnectors sites;
    private final TransferLimits limits;
    private final Clock clock;
    private final Consumer<String> warn;

    AuditRepair(Audit audit, PlacementEvidence evidence, SiteConnectors sites, TransferLimits limits, Clock clock,
            Consumer<String> warn) {
        this.audit = audit;
        this.evidence = evidence;
        this.sites = sites;
        this.limits = limits;
        this.clock = clock;
        this.warn = warn;
    }

    /**
     * For each damaged or missing copy: finds a copy at another site that is proven good now (its bytes
     * read and hashed); with repair, restores the file from it (the damaged one first to quarantine).
     * A file with no good copy anywhere is marked Audit.NO_GOOD_COPY. Findings already settled are skipped.
     */
    void run() {
        List<Finding> all = audit.store().findings(audit.auditId());
        for (Finding f : all) {
            if (f.repair() != null) {
                continue;
            }
            if (f.kind().equals(Audit.UNEXPECTED)) {
                audit.store().settle(f.findingId(), "NOT_REPAIRABLE", null, "left for a person: recsync never deletes a file"
                        + " it did not place");
                continue;
            }
            if (f.role().equals("metadata") && f.kind().equals(Audit.ALTERED) && isSource(f.site())) {
                // A recorder may have updated its own sidecar since recsync last read it: putting the old one
                // back would undo that. The next sync reads it and settles it as the job's policy says.
                audit.store().settle(f.findingId(), "LEFT_FOR_SYNC", null, f.site() + " is a source of the job and its recorder"
                        + " may have updated this sidecar; not restored: the next sync reads it and propagates it or"
                        + " logs a conflict as the job's policy says");
                continue;
            }
            repairOne(f, all);
        }
        if (audit.options().repair()) {
            // The repaired sites' copies of the ledger get the REPAIR entries and a signed head now.
            EvidenceLedger.publish(audit.job(), new io.recsync.store.LedgerStore(audit.db().jdbc()), sites, warn);
        }
    }

    private void repairOne(Finding f, List<Finding> all) {
        List<String> tried = new ArrayList<>();
        List<Placement> copies = new ArrayList<>(evidence.copiesOf(audit.job().name(), f.recordingId()));
        copies.sort(Comparator.comparingInt((Placement p) -> priority(p.site())).thenComparing(Placement::site));
        for (Placement other : copies) {
            if (other.site().equals(f.site()) || !audit.job().sites().containsKey(other.site())) {
                continue;
            }
            FileRef ref = f.role().equals("audio") ? new FileRef(StoragePath.of(other.audioPath()), other.audioSize(),
                    other.audioSha256())
                    : other.metaPath() == null ? null : new FileRef(StoragePath.of(other.metaPath()), other.metaSize(),
                            other.metaSha256());
            if (ref == null || !ref.sha256().equals(f.expectedSha256()) || ref.size() != f.expectedSize()) {
                tried.add(other.site() + " holds another version");
                continue;
            }
            boolean damagedThere = all.stream().anyMatch(x -> other.site().equals(x.site())
                    && f.recordingId().equals(x.recordingId()) && f.role().equals(x.role()) && !Audit.REPAIRED.equals(x.repair()));
            if (damagedThere) {
                tried.add(other.site() + " is damaged too");
                continue;
            }
            Connector from = sites.connector(other.site());
            String proven;
            try {
                Sha256.Counted read = audit.readThrough(from, ref.path());
                proven = read.size() == ref.size() && read.sha256().equals(ref.sha256()) ? null
                        : "its bytes hash to " + read.sha256() + " (" + read.size() + " bytes)";
            } catch (io.recsync.connector.NotFoundException e) {
                proven = "missing there";
            } catch (io.recsync.connector.StorageException | UncheckedIOException e) {
                proven = "unreadable: " + e.getMessage();
            }
            if (proven != null) {
                tried.add(other.site() + ": " + proven);
                continue;
            }
            if (!audit.options().repair()) {
                audit.store().settle(f.findingId(), "SOURCE_FOUND", other.site(), "a proven-good copy is at " + other.site()
                        + "; `recsync audit --repair` restores it from there");
                return;
            }
            Connector to = sites.connector(f.site());
            StoragePath at = StoragePath.of(f.path());
            FileReplacer.Result r;
            try {
                r = FileReplacer.replace(from, ref, to, at, null, null, limits);
            } catch (io.recsync.connector.StorageException | UncheckedIOException e) {
                audit.store().settle(f.findingId(), "FAILED", other.site(), "restoring from " + other.site() + " failed: "
                        + e.getMessage() + "; the next audit tries again");
                return;
            }
            if (r instanceof FileReplacer.Result.SourceMismatch m) {
                tried.add(other.site() + ": changed while copying (" + m.detail() + ")");
                continue;
            }
            if (r instanceof FileReplacer.Result.TargetChanged t) {
                audit.store().settle(f.findingId(), "FAILED", other.site(), "the damaged file changed while being repaired ("
                        + t.actualSha256() + "); the next audit looks again");
                return;
            }
            String kept = r instanceof FileReplacer.Result.Replaced x ? x.keptAt().value() : null;
            evidence.recordRepair(new PlacementEvidence.Repair(f.findingId(), audit.auditId(), audit.job().name(), f.site(),
                    f.recordingId(), f.path(), other.site(), ref.size(), ref.sha256(), kept, clock.instant(),
                    "restored from " + other.site() + " (verified SHA-256 " + ref.sha256() + ")"
                            + (kept == null ? "" : "; the damaged file is kept at " + kept)));
            audit.store().proven(audit.job().name(), f.site(), f.recordingId(), clock.instant(), Audit.REPAIRED, audit.auditId());
            return;
        }
        audit.store().settle(f.findingId(), Audit.NO_GOOD_COPY, null, tried.isEmpty() ? "no other site holds this recording"
                : "no other site holds a good copy: " + String.join("; ", tried));
    }

    private boolean isSource(String site) {
        return audit.job().links().stream().anyMatch(l -> l.from().equals(site));
    }

    private int priority(String site) {
        SiteDefinition d = audit.job().sites().get(site);
        return d == null ? Integer.MAX_VALUE : d.priority();
    }

}
