package io.recsync.sync;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.manifest.ManifestFormat;
import io.recsync.manifest.ManifestSegments;
import io.recsync.manifest.ManifestWriter;
import io.recsync.manifest.Recording;
import io.recsync.store.ManifestFileStore;
import io.recsync.store.TransferItemStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Step 4: appends what a plan copied to each target's own manifest as a new segment, written
 * through the target's connector like any recording (verified, atomic). A segment is staged in a
 * local temp file first, because a verified put needs the checksum before the upload starts.
 */
public final class ManifestPublisher {

    private final SyncSession session;
    private java.security.PrivateKey signingKey;
    private boolean keyRead;

    public ManifestPublisher(SyncSession session) {
        this.session = session;
    }

    /**
     * Puts the segment's detached signature beside it (README "Evidence" > "Signed manifests"),
     * naming the ledger's head seq: the placements the segment lists are all in the chain up to it.
     * A job without a signing key leaves its segments unsigned.
     */
    private void signSegment(Connector target, StoragePath name, String sha, long size) {
        if (!keyRead) {
            signingKey = EvidenceLedger.signingKey(session.job().ledger(), session);
            keyRead = true;
        }
        if (signingKey == null) {
            return;
        }
        String job = session.job().name();
        long seq = new io.recsync.store.LedgerStore(session.db().jdbc()).head(job).seq();
        ManifestSignatures.sign(target, name, sha, size, job, seq, signingKey);
    }

    /**
     * Publishes what was copied, then fails the run if anything is still pending (it failed for
     * transient reasons): the run exits 1 and the next one resumes those items.
     */
    public void publish(long planId, long executionId) {
        TransferItemStore items = session.items();
        for (long targetId : items.targetsWithUnpublished(planId)) {
            publishTo(items, planId, executionId, "run-" + executionId, targetId);
        }
        // Copies a dropped plan made before it was given up (PlanResume) are on their targets
        // and verified: their targets' manifests list them too, where recsync may still write.
        java.util.List<Long> writable = session.job().sites().values().stream().filter(s -> !s.readOnly())
                .map(s -> session.sites().id(s.name())).toList();
        for (long earlier : items.otherPlansWithUnpublished(planId, writable)) {
            for (long targetId : items.targetsWithUnpublished(earlier)) {
                if (writable.contains(targetId)) {
                    publishTo(items, earlier, executionId, "run-" + executionId + "-plan-" + earlier, targetId);
                }
            }
        }
        long pending = items.countPending(planId);
        String limit = session.limits().stoppedBy();
        if (pending == 0 && limit == null) {
            // Only a run that placed everything it planned releases: release: true deletes, and a
            // run cut short or left with failures has better things for its next run to do first.
            new GroupRelease(session, this).run(executionId);
        }
        if (pending > 0 && limit != null) {
            throw new StoppedAtLimitException(limit + "; " + pending + " item(s) left for the next run, which resumes"
                    + " this plan");
        }
        if (pending > 0) {
            throw new LinkDownException(pending + " item(s) could not be copied for transient reasons; last error: "
                    + items.lastPendingMessage(planId));
        }
    }

    /**
     * Lists in one segment every copy of the plan to the target not yet published: all finished by
     * this execution or an earlier one (this is the last step of the run), so once the segment is
     * put the plan's mark moves to {@code executionId}. A kill between the two leaves the mark
     * behind: the next run lists the same copies again, and a later line supersedes an earlier.
     */
    private void publishTo(TransferItemStore items, long planId, long executionId, String tag, long targetId) {
        boolean written = writeSegment(targetId, tag, writer ->
                items.forEachUnpublishedPlaced(planId, targetId, (itemId, recording) -> writer.write(recording)));
        if (written) {
            items.markPublished(planId, targetId, executionId);
        }
    }

    /**
     * Appends a segment listing {@code changed} to a site's manifest (a person's resolution that
     * replaced files there), so the site's own manifest agrees with what it now holds.
     */
    public void append(long targetId, List<Recording> changed, String tag) {
        writeSegment(targetId, tag, writer -> changed.forEach(writer::write));
    }

    /**
     * Appends a segment of removal lines to a site's manifest: it no longer lists {@code ids}
     * (a released fallback copy). Put before the files are deleted, so the site's manifest never
     * lists what the site does not hold; a delete that then fails leaves a copy its manifest does
     * not claim, which the next run's release deletes (and lists as removed) again.
     *
     * @return false when {@code ids} is empty (no segment is put)
     */
    boolean appendRemovals(long siteId, List<java.util.UUID> ids, String tag, String reason) {
        Instant at = Instant.now();
        return writeSegment(siteId, tag, writer -> ids.forEach(id -> writer.writeRemoval(id, at, reason)));
    }

    /**
     * A segment is put like a recording (ItemCopier): a transient failure (a dropped connection, a
     * channel that died) is retried with the job's backoff, so one lost answer does not fail a run
     * whose copies all succeeded. When an earlier attempt published the segment but its answer was
     * lost, the retry finds the name taken: holding exactly these bytes, it is this segment.
     */
    private void putRetrying(Connector target, StoragePath name, Path staged, String sha) throws IOException {
        RetryPolicy retry = session.retryPolicy();
        long size = Files.size(staged);
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = Files.newInputStream(staged)) {
                target.put(name, in, size, sha, WriteMode.CREATE_NEW);
                return;
            } catch (AlreadyExistsException e) {
                if (attempt == 1 || !holds(target, name, sha)) {
                    throw e;
                }
                return;
            } catch (StorageException e) {
                if (!e.isTransient() || attempt >= retry.attempts()) {
                    throw e;
                }
                try {
                    retry.backOff(attempt + 1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean holds(Connector target, StoragePath name, String sha) throws IOException {
        try (InputStream in = target.open(name)) {
            return Sha256.of(in).sha256().equals(sha);
        }
    }

    /** @return false when {@code entries} wrote nothing (then no segment is put) */
    private boolean writeSegment(long targetId, String tag, java.util.function.Consumer<ManifestWriter> entries) {
        Path staged = null;
        try {
            staged = Files.createTempFile("recsync-segment", ".jsonl.gz");
            long lines;
            try (OutputStream out = Files.newOutputStream(staged);
                    ManifestWriter writer = ManifestWriter.open(out, ManifestFormat.JSONL, true)) {
                entries.accept(writer);
                lines = writer.count();
            }
            if (lines == 0) {
                return false;
            }
            Connector target = session.sites().connector(targetId);
            StoragePath name = ManifestSegments.segment(Instant.now(), tag);
            String sha;
            try (InputStream in = Files.newInputStream(staged)) {
                sha = Sha256.of(in).sha256();
            }
            putRetrying(target, name, staged, sha);
            signSegment(target, name, sha, Files.size(staged));
            // Our own segment needs no reading back on the next refresh: the index has its rows.
            target.find(name).ifPresent(info -> new ManifestFileStore(session.db().jdbc())
                    .markRead(targetId, name.value(), info.size(), info.modified().toEpochMilli()));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("staging a manifest segment for site " + session.sites().name(targetId), e);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans it eventually
                }
            }
        }
    }
}
