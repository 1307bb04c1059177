package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.TargetGroup;
import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import io.recsync.store.GroupChoiceStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * {@code release: true} of a target group (README "Target groups"), at the end of a run that
 * placed everything it planned, on the manager. For each recording of the group recorded with a
 * fallback copy, whose preferred member the state database says holds the source's bytes (audio and
 * sidecar: same SHA-256 and size):
 * <ol>
 *   <li>the preferred copy is proven: read back through the preferred member's connector and hashed
 *       (audio and sidecar); a copy that does not match is not released, and the run warns, naming
 *       the recording and the member; audio that reads back with other bytes than recsync verified
 *       there is also a {@code COPY_ALTERED} conflict (exit 3), as a rescan would find it;
 *   <li>the fallback member's manifest gets a removal line for it (a segment of removal lines), so
 *       it never lists what it no longer holds;
 *   <li>the fallback copy is deleted (audio, then sidecar) through the fallback member's connector;
 *   <li>the release is recorded: the fallback member's index no longer lists the recording, its
 *       group choice keeps no fallback, and {@code group_release} says which run released it.
 * </ol>
 * Both members must be reachable in this run. A fallback member that is also a source or the target
 * of a plain link of the job is never released from: a copy there is owed to that link too. Each
 * step is idempotent: a run killed in between leaves the recording recorded with its fallback, and
 * the next run proves, lists as removed and deletes it again (a delete of nothing is no error).
 */
final class GroupRelease {

    private static final int BATCH = 500;

    private final SyncSession session;
    private final ManifestPublisher publisher;
    private final GroupChoiceStore store;

    GroupRelease(SyncSession session, ManifestPublisher publisher) {
        this.session = session;
        this.publisher = publisher;
        this.store = new GroupChoiceStore(session.db().jdbc());
    }

    /** @return fallback copies released by this call */
    long run(long executionId) {
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        Map<String, Set<String>> present = new LinkedHashMap<>();
        for (LinkDefinition l : session.job().links()) {
            if (l.group() != null && l.group().release()) {
                groups.putIfAbsent(l.group().name(), l.group());
                present.computeIfAbsent(l.group().name(), k -> new LinkedHashSet<>()).add(l.to());
            }
        }
        if (groups.isEmpty()) {
            return 0;
        }
        // Sources and plain targets of the whole job (not only of this run's reachable part).
        Set<String> kept = new LinkedHashSet<>();
        for (io.recsync.config.JobDefinition job : List.of(session.configuredJob(), session.job())) {
            for (LinkDefinition l : job.links()) {
                kept.add(l.from());
                if (l.group() == null) {
                    kept.add(l.to());
                }
            }
        }
        long released = 0;
        for (TargetGroup g : groups.values()) {
            released += release(g, present.get(g.name()), kept, executionId);
        }
        return released;
    }

    private long release(TargetGroup g, Set<String> reachable, Set<String> kept, long executionId) {
        String job = session.job().name();
        long sourceId = session.sites().id(g.from());
        Map<String, List<GroupChoiceStore.Fallback>> byFallback = new LinkedHashMap<>();
        for (GroupChoiceStore.Fallback f : store.fallbacks(job, g.name())) {
            if (g.member(f.fallbackSite()) == null || g.member(f.preferredSite()) == null
                    || !reachable.contains(f.fallbackSite()) || !reachable.contains(f.preferredSite())) {
                continue; // a member down this run (or no longer in the group): the next run decides
            }
            if (kept.contains(f.fallbackSite())) {
                continue;
            }
            byFallback.computeIfAbsent(f.fallbackSite(), k -> new ArrayList<>()).add(f);
        }
        long released = 0;
        for (Map.Entry<String, List<GroupChoiceStore.Fallback>> e : byFallback.entrySet()) {
            List<GroupChoiceStore.Fallback> all = e.getValue();
            for (int i = 0; i < all.size(); i += BATCH) {
                released += releaseFrom(g, e.getKey(), sourceId, all.subList(i, Math.min(all.size(), i + BATCH)),
                        executionId);
            }
        }
        return released;
    }

    private long releaseFrom(TargetGroup g, String fallbackSite, long sourceId, List<GroupChoiceStore.Fallback> batch,
            long executionId) {
        long fallbackId = session.sites().id(fallbackSite);
        Connector fallback = session.sites().connector(fallbackSite);
        List<GroupChoiceStore.Fallback> proven = new ArrayList<>();
        List<Recording> copies = new ArrayList<>();
        List<io.recsync.store.ConflictRecord> altered = new ArrayList<>();
        for (GroupChoiceStore.Fallback f : batch) {
            Recording source = session.index().find(sourceId, f.recordingId());
            Recording atFallback = session.index().find(fallbackId, f.recordingId());
            long preferredId = session.sites().id(f.preferredSite());
            Recording atPreferred = session.index().find(preferredId, f.recordingId());
            if (source == null || atFallback == null || atPreferred == null || !sameFiles(source, atPreferred)) {
                continue; // not (yet) held at the preferred member as the source has it, or nothing left to release
            }
            Sha256.Counted[] audioRead = new Sha256.Counted[1];
            String why = proof(session.sites().connector(f.preferredSite()), source, atPreferred, audioRead);
            if (why != null) {
                if (audioRead[0] != null && !audioRead[0].sha256().equals(atPreferred.audio().sha256())) {
                    // The audio recsync placed and verified there changed since: the same conflict a
                    // rescan would open (exit 3), naming a site that holds the verified version.
                    altered.add(AlteredCopies.conflict(session, f.preferredSite(), new io.recsync.store.ManifestIndex.AlteredCopy(
                            atPreferred, new Recording(atPreferred.id(), atPreferred.tenant(), atPreferred.group(),
                                    atPreferred.recordedAt(), new FileRef(atPreferred.audio().path(), audioRead[0].size(),
                                            audioRead[0].sha256()), atPreferred.metadata(), atPreferred.version(),
                                    atPreferred.updatedAt()))));
                }
                session.warn("not released: recording " + f.recordingId() + " stays on '" + fallbackSite + "' because its copy"
                        + " at the preferred member '" + f.preferredSite() + "' failed the read-back proof (" + why + "); check"
                        + " that site's file (recsync resync --job " + session.job().name() + " rescans it)");
                continue;
            }
            proven.add(f);
            copies.add(atFallback);
        }
        session.conflicts().record(executionId, altered);
        altered.clear();
        if (proven.isEmpty()) {
            return 0;
        }
        publisher.appendRemovals(fallbackId, proven.stream().map(GroupChoiceStore.Fallback::recordingId).toList(),
                "run-" + executionId + "-release", "released from target group " + g.name() + ": its preferred member holds it,"
                        + " proven by reading it back");
        List<GroupChoiceStore.Fallback> deleted = new ArrayList<>();
        for (int i = 0; i < proven.size(); i++) {
            Recording r = copies.get(i);
            try {
                fallback.delete(r.audio().path());
                if (r.metadata() != null) {
                    fallback.delete(r.metadata().path());
                }
                deleted.add(proven.get(i));
            } catch (RuntimeException ex) {
                session.warn("not released: recording " + r.id() + " on '" + fallbackSite + "' could not be deleted ("
                        + ex.getMessage() + "); the next run tries again");
            }
        }
        List<UUID> ids = deleted.stream().map(GroupChoiceStore.Fallback::recordingId).toList();
        chain(fallbackSite, deleted, copies, proven, executionId);
        session.index().remove(fallbackId, ids);
        store.released(session.job().name(), g.name(), executionId, Instant.now(), deleted);
        return deleted.size();
    }

    /**
     * Appends each deleted file to the evidence ledger as a RELEASE (site, path, the SHA-256 and
     * size it had, the member whose proven copy allowed it): a copy recsync removed is evidence too.
     */
    private void chain(String fallbackSite, List<GroupChoiceStore.Fallback> deleted, List<Recording> copies,
            List<GroupChoiceStore.Fallback> proven, long executionId) {
        List<io.recsync.store.LedgerEntry.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < proven.size(); i++) {
            if (!deleted.contains(proven.get(i))) {
                continue;
            }
            Recording r = copies.get(i);
            String why = "released: preferred member " + proven.get(i).preferredSite() + " holds it, proven by read-back";
            drafts.add(new io.recsync.store.LedgerEntry.Draft(io.recsync.store.LedgerEntry.Kind.RELEASE, r.id(),
                    fallbackSite, r.audio().path().value(), r.audio().sha256(), r.audio().size(), why));
            if (r.metadata() != null) {
                drafts.add(new io.recsync.store.LedgerEntry.Draft(io.recsync.store.LedgerEntry.Kind.RELEASE, r.id(),
                        fallbackSite, r.metadata().path().value(), r.metadata().sha256(), r.metadata().size(), why));
            }
        }
        if (drafts.isEmpty()) {
            return;
        }
        io.recsync.store.LedgerStore ledger = new io.recsync.store.LedgerStore(session.db().jdbc());
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(session.db().dataSource()))
                .executeWithoutResult(t -> ledger.append(session.job().name(), executionId, drafts));
    }

    private static boolean sameFiles(Recording source, Recording copy) {
        return same(source.audio(), copy.audio()) && (source.metadata() == null ? copy.metadata() == null
                : copy.metadata() != null && same(source.metadata(), copy.metadata()));
    }

    private static boolean same(FileRef a, FileRef b) {
        return a.size() == b.size() && Objects.equals(a.sha256(), b.sha256());
    }

    /** Null when the preferred member's files read back with the source's SHA-256 and size; else what differs. */
    private static String proof(Connector preferred, Recording source, Recording atPreferred, Sha256.Counted[] audioRead) {
        String audio = readBack(preferred, atPreferred.audio().path(), source.audio(), audioRead);
        if (audio != null || source.metadata() == null) {
            return audio;
        }
        return readBack(preferred, atPreferred.metadata().path(), source.metadata(), new Sha256.Counted[1]);
    }

    /** @param read set to what was read, when the file could be read to its end */
    private static String readBack(Connector site, StoragePath path, FileRef expected, Sha256.Counted[] read) {
        try (InputStream in = site.open(path)) {
            Sha256.Counted got = Sha256.of(in);
            read[0] = got;
            if (got.size() != expected.size() || !got.sha256().equals(expected.sha256())) {
                return path + " reads back " + got.size() + " bytes, SHA-256 " + got.sha256() + "; the source's is "
                        + expected.size() + " bytes, " + expected.sha256();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return path + " cannot be read back: " + e.getMessage();
        }
    }
}
