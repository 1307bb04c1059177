package io.recsync.sync;

import io.recsync.config.ConfigException;
import io.recsync.connector.Connector;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ManifestIndex;
import io.recsync.store.MetadataStore;
import io.recsync.store.PlanSignatureStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a person's decision on a conflict to the sites, at once: the side kept is put in place
 * by a verified replace, the other is moved to the quarantine of the site where it was replaced
 * (never deleted), and recsync's index and baselines learn the outcome so the next run agrees.
 */
public final class ConflictResolver {

    /** Which side a person keeps. */
    public enum Keep {
        SOURCE, TARGET, BOTH;

        public static Keep of(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--keep: expected source, target or both, got '" + value + "'");
            }
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }


    private final SyncSession session;
    private final MetadataStore baselines;

    public ConflictResolver(SyncSession session) {
        this.session = session;
        this.baselines = new MetadataStore(session.db().jdbc(), session.db().dialect());
    }

    /**
     * Puts the decision in place on the sites and marks the conflict resolved.
     *
     * @return what was done, one sentence per site touched, for the person
     * @throws ConfigException when the decision cannot be applied (nothing was changed)
     */
    public List<String> resolve(ConflictRecord c, Keep keep, String note, String user) {
        if (!"OPEN".equals(c.status())) {
            throw new ConfigException("conflict " + c.id() + " is already " + c.status().toLowerCase(Locale.ROOT));
        }
        if (!c.job().equals(session.job().name())) {
            throw new ConfigException("conflict " + c.id() + " belongs to job '" + c.job() + "', not '" + session.job().name()
                    + "'; pass that job's file with --job");
        }
        refuseIfHeld(c, keep);
        List<String> done = switch (c.kind()) {
            case "METADATA_DIFFERS" -> metadata(c, keep);
            case "AUDIO_DIFFERS", AlteredCopies.KIND, "PATH_OCCUPIED" -> file(c, keep);
            default -> {
                if (keep != Keep.TARGET) {
                    throw new ConfigException("a " + c.kind() + " conflict has no second version to put in place; close it "
                            + "with --keep target once you have dealt with it (nothing on any site is changed)");
                }
                yield List.of("nothing on any site was changed");
            }
        };
        if (ledgered) {
            // The sites written get the entries and a signed head now, not only with the next run.
            new EvidenceLedger(session).publish();
        }
        if (!session.conflicts().resolve(c.id(), keep.word(), note, user)) {
            throw new ConfigException("conflict " + c.id() + " was resolved by someone else meanwhile");
        }
        return done;
    }

    /**
     * A recording on legal hold is evidence frozen as it is: a decision that would replace any of its
     * files at any site is refused before anything is touched. Keeping the target's file (which
     * changes nothing) or putting the source's beside it stays possible.
     */
    private void refuseIfHeld(ConflictRecord c, Keep keep) {
        if (c.recordingId() == null) {
            return;
        }
        io.recsync.store.LegalHoldStore holds = new io.recsync.store.LegalHoldStore(session.db().jdbc(),
                session.db().dialect());
        holds.refresh(session.job().name(), session.job().retention().legalHold(), jobSiteIds());
        java.util.Optional<String> rule = holds.heldBy(session.job().name(), c.recordingId());
        // Every answer to a metadata conflict replaces a sidecar at one site or the other.
        boolean replaces = "METADATA_DIFFERS".equals(c.kind()) || keep == Keep.SOURCE;
        if (rule.isPresent() && replaces) {
            String what = "METADATA_DIFFERS".equals(c.kind()) ? "metadata" : "audio";
            String at = keep == Keep.TARGET ? c.sourceSite() : c.targetSite();
            throw new ConfigException("conflict " + c.id() + ": recording " + c.recordingId() + " is on legal hold ("
                    + rule.get() + " in " + session.job().file() + "); --keep " + keep.word() + " would replace its "
                    + what + " at " + at + ", and a held recording is never replaced. Nothing was changed. Lift the hold"
                    + " in the job file first" + ("METADATA_DIFFERS".equals(c.kind()) ? ""
                    : ", or close the conflict with --keep target (changes nothing) or --keep both (adds a copy beside)"));
        }
    }

    /**
     * Both sites hold the audio; their metadata differs. The version kept becomes the live sidecar
     * at both sites now and, by the next run, at every other site of the job that holds the
     * recording: the sites holding it get it as a <em>decided</em> baseline, which planning treats
     * as the edit to carry, as it does a policy's winner.
     */
    private List<String> metadata(ConflictRecord c, Keep keep) {
        Side source = side(c.sourceSite(), c, c.sourceSha256());
        Side target = side(c.targetSite(), c, c.targetSha256());
        List<String> done = new ArrayList<>();
        baselines.clearDecisions(jobSiteIds(), c.recordingId());
        Side kept = keep == Keep.SOURCE ? source : target;
        switch (keep) {
            case SOURCE -> replaceMetadata(source, target, null, done);
            case TARGET -> replaceMetadata(target, source, null, done);
            case BOTH -> {
                // One live version everywhere, as for the other answers: the target's. The source's
                // is kept beside it at both sites, named for the source.
                String stamp = ConflictCopies.stamp(Instant.now());
                if (target.readOnly()) {
                    done.add(target.name + " is read-only: left as it is");
                } else {
                    StoragePath beside = besideOf(target, source.name, stamp);
                    FileReplacer.copyBeside(source.connector(), source.meta(), target.connector(), beside);
                    done.add(target.name + ": kept its own metadata and put " + source.name + "'s beside it at " + beside);
                }
                replaceMetadata(target, source, source.readOnly() ? null : besideOf(source, source.name, stamp), done);
            }
        }
        String others = otherHolders(c, kept.meta().sha256());
        if (!others.isEmpty()) {
            done.add(others + ": the next sync puts the kept metadata there too (each replaced sidecar goes to that "
                    + "site's quarantine)");
        }
        return done;
    }

    private static StoragePath besideOf(Side at, String from, String stamp) {
        return StoragePath.of(ConflictCopies.besideName(at.meta().path().value(), from, stamp));
    }

    /**
     * Puts the winner's metadata in place at the loser (keeping the loser's also at {@code beside},
     * when given) and records the winner's version as decided at every site now holding it.
     */
    private void replaceMetadata(Side winner, Side loser, StoragePath beside, List<String> done) {
        if (loser.readOnly()) {
            done.add(loser.name + " is read-only: its metadata is left as it is");
            baselines.setBaseline(loser.id, loser.recording.id(), loser.meta().sha256(), false);
        } else {
            FileReplacer.Result r = FileReplacer.replace(winner.connector(), winner.meta(), loser.connector(),
                    loser.meta().path(), loser.meta().sha256(), beside);
            chain(loser.name, loser.recording.id(), loser.meta().path(), winner.meta(), r);
            done.add(describe(loser.name, loser.meta().path(), r) + (beside == null || !(r instanceof FileReplacer.Result.Replaced)
                    ? "" : ", and beside the kept one at " + beside));
            Recording now = loser.recording.withMetadata(winner.meta(), winner.recording.version(),
                    winner.recording.updatedAt());
            session.index().recordCopied(loser.id, -1, List.of(now));
            baselines.setBaseline(loser.id, loser.recording.id(), winner.meta().sha256(), true);
            new ManifestPublisher(session).append(loser.id, List.of(now), "resolve");
        }
        baselines.setBaseline(winner.id, winner.recording.id(), winner.meta().sha256(), true);
    }

    /** The job's other writable sites that hold the recording with other metadata than {@code kept}, by name. */
    private String otherHolders(ConflictRecord c, String kept) {
        List<String> names = new ArrayList<>();
        for (String site : session.job().sites().keySet()) {
            if (site.equals(c.sourceSite()) || site.equals(c.targetSite()) || session.job().site(site).readOnly()) {
                continue;
            }
            Recording there = session.index().find(session.sites().id(site), c.recordingId());
            if (there != null && there.metadata() != null && !there.metadata().sha256().equals(kept)) {
                names.add(site);
            }
        }
        return String.join(", ", names);
    }

    private List<Long> jobSiteIds() {
        return session.job().sites().keySet().stream().map(session.sites()::id).toList();
    }

    /** The same id (or path) holds different files: audio, or a file in the way of a copy. */
    private List<String> file(ConflictRecord c, Keep keep) {
        if (keep == Keep.TARGET) {
            return List.of("nothing on any site was changed: " + c.targetSite() + " keeps " + c.targetPath());
        }
        String sourceName = c.sourceSite();
        String targetName = c.targetSite();
        if (session.job().site(targetName).readOnly()) {
            throw new ConfigException("site '" + targetName + "' is read-only (mode: ro): recsync never writes there");
        }
        Connector from = session.sites().connector(sourceName);
        Connector to = session.sites().connector(targetName);
        FileRef sourceFile = new FileRef(StoragePath.of(c.sourcePath()), c.sourceSize(), c.sourceSha256());
        if (keep == Keep.BOTH) {
            StoragePath beside = StoragePath.of(ConflictCopies.besideName(c.targetPath(), sourceName, ConflictCopies.stamp(Instant.now())));
            FileReplacer.copyBeside(from, sourceFile, to, beside);
            return List.of(targetName + ": kept " + c.targetPath() + " and put " + sourceName + "'s version beside it at "
                    + beside);
        }
        List<String> done = new ArrayList<>();
        if (!"AUDIO_DIFFERS".equals(c.kind()) && !AlteredCopies.KIND.equals(c.kind())) {
            FileReplacer.Result r = FileReplacer.replace(from, sourceFile, to, StoragePath.of(c.targetPath()),
                    c.targetSha256(), null);
            chain(targetName, c.recordingId(), StoragePath.of(c.targetPath()), sourceFile, r);
            done.add(describe(targetName, StoragePath.of(c.targetPath()), r));
            // The file now at the target is what the plan wanted there: the next run must plan (and so
            // record it), not reuse the plan that found the path occupied.
            new PlanSignatureStore(session.db().jdbc()).touch(session.sites().id(targetName));
            return done;
        }
        Recording kept = session.index().find(session.sites().id(sourceName), c.recordingId());
        replaceRecording(c, sourceFile, kept, targetName, StoragePath.of(c.targetPath()), done);
        // The person decided which call this id is: every other site of the job holding the version
        // given up gets the kept one too (a run never replaces audio by itself).
        for (String other : session.job().sites().keySet()) {
            if (other.equals(sourceName) || other.equals(targetName)) {
                continue;
            }
            Recording there = session.index().find(session.sites().id(other), c.recordingId());
            if (there == null || !there.audio().sha256().equals(c.targetSha256())) {
                continue;
            }
            if (session.job().site(other).readOnly()) {
                done.add(other + " is read-only: it keeps the version given up at " + there.audio().path());
                continue;
            }
            replaceRecording(c, sourceFile, kept, other, there.audio().path(), done);
        }
        return done;
    }

    /**
     * Replaces the audio at {@code at} on {@code site}, which must still be the conflict's target
     * version, with the source's, and its sidecar with the kept recording's; the index and the
     * site's manifest learn it.
     */
    private void replaceRecording(ConflictRecord c, FileRef sourceFile, Recording kept, String site, StoragePath at,
            List<String> done) {
        Connector from = session.sites().connector(c.sourceSite());
        Connector to = session.sites().connector(site);
        long siteId = session.sites().id(site);
        Recording replaced = session.index().find(siteId, c.recordingId());
        FileReplacer.Result r = FileReplacer.replace(from, sourceFile, to, at, c.targetSha256(), null);
        chain(site, c.recordingId(), at, sourceFile, r);
        done.add(describe(site, at, r));
        // The recording now at the site is what a plan would want there: the next run must plan
        // anew, not reuse a plan made before.
        new PlanSignatureStore(session.db().jdbc()).touch(siteId);
        if (kept == null) {
            return;
        }
        if (kept.metadata() != null) {
            // The sidecar belongs to the audio: the kept recording's comes along.
            FileReplacer.Result m = FileReplacer.replace(from, kept.metadata(), to, kept.metadata().path(),
                    replaced == null || replaced.metadata() == null ? null : replaced.metadata().sha256(), null);
            chain(site, c.recordingId(), kept.metadata().path(), kept.metadata(), m);
            done.add(describe(site, kept.metadata().path(), m));
        }
        session.index().recordCopied(siteId, -1, List.of(kept));
        new ManifestPublisher(session).append(siteId, List.of(kept), "resolve");
    }

    /**
     * Appends what a resolution put at a site to the evidence ledger (run 0: no run made it): a
     * REPLACEMENT naming where the replaced file was kept, or a PLACEMENT where nothing stood.
     */
    private void chain(String site, java.util.UUID recording, StoragePath at, FileRef placed, FileReplacer.Result r) {
        io.recsync.store.LedgerEntry.Draft d;
        if (r instanceof FileReplacer.Result.Replaced x) {
            d = new io.recsync.store.LedgerEntry.Draft(io.recsync.store.LedgerEntry.Kind.REPLACEMENT, recording, site,
                    at.value(), placed.sha256(), placed.size(), x.keptAt().value());
        } else if (r instanceof FileReplacer.Result.Created) {
            d = new io.recsync.store.LedgerEntry.Draft(io.recsync.store.LedgerEntry.Kind.PLACEMENT, recording, site,
                    at.value(), placed.sha256(), placed.size(), "COPIED");
        } else {
            return;
        }
        io.recsync.store.LedgerStore ledger = new io.recsync.store.LedgerStore(session.db().jdbc());
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(session.db().dataSource()))
                .executeWithoutResult(t -> ledger.append(session.job().name(), 0, List.of(d)));
        ledgered = true;
    }

    private boolean ledgered;

    private static String describe(String site, StoragePath path, FileReplacer.Result r) {
        if (r instanceof FileReplacer.Result.Replaced x) {
            return site + ": replaced " + path + "; the old version is kept at " + x.keptAt();
        }
        if (r instanceof FileReplacer.Result.Created) {
            return site + ": wrote " + path + " (nothing was there)";
        }
        if (r instanceof FileReplacer.Result.AlreadyCurrent) {
            return site + ": " + path + " already holds the kept version";
        }
        if (r instanceof FileReplacer.Result.TargetChanged x) {
            throw new ConfigException(site + ": " + path + " changed since the conflict was recorded (now sha256 "
                    + x.actualSha256() + "); nothing was replaced. Run a sync, then review the conflict again");
        }
        throw new ConfigException(site + ": the version to keep does not match its manifest ("
                + ((FileReplacer.Result.SourceMismatch) r).detail() + "); nothing was replaced");
    }

    /** One side of a metadata conflict as the index holds it now. */
    private final class Side {
        final String name;
        final long id;
        final Recording recording;

        Side(String name, long id, Recording recording) {
            this.name = name;
            this.id = id;
            this.recording = recording;
        }

        FileRef meta() {
            return recording.metadata();
        }

        boolean readOnly() {
            return session.job().site(name).readOnly();
        }

        Connector connector() {
            return session.sites().connector(name);
        }
    }

    private Side side(String site, ConflictRecord c, String expectedSha) {
        session.job().site(site);
        long id = session.sites().id(site);
        Recording r = session.index().find(id, c.recordingId());
        if (r == null || r.metadata() == null || !r.metadata().sha256().equals(expectedSha)) {
            throw new ConfigException("site '" + site + "' no longer holds the metadata this conflict is about (sha256 "
                    + expectedSha + "); run a sync and review the conflicts again");
        }
        return new Side(site, id, r);
    }
}
