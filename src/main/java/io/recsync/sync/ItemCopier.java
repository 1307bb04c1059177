package io.recsync.sync;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ItemResult;
import io.recsync.store.ItemResult.ItemStatus;
import io.recsync.store.TransferItem;
import java.io.UncheckedIOException;

/**
 * Transfers one planned item: audio first, then metadata, so a sidecar never announces audio
 * that is not there. Transient errors are retried with backoff; what still fails is returned as
 * an outcome, never thrown, so one bad file cannot stop the other copies of its chunk.
 */
public final class ItemCopier {

    /**
     * The item's outcome.
     *
     * @param placed what the target now holds for this recording (index row), or null
     * @param conflict a disagreement to record, or null
     * @param transientFailure true when the item failed only for transient reasons (left PENDING)
     */
    public record Outcome(ItemResult result, Recording placed, ConflictRecord conflict, boolean transientFailure,
            String keptAt) {

        public Outcome(ItemResult result, Recording placed, ConflictRecord conflict, boolean transientFailure) {
            this(result, placed, conflict, transientFailure, null);
        }
    }

    private final SiteConnectors sites;
    private final RetryPolicy retry;
    private final String jobName;
    private final TransferLimits limits;

    public ItemCopier(SiteConnectors sites, RetryPolicy retry, String jobName) {
        this(sites, retry, jobName, TransferLimits.NONE);
    }

    /** @param limits the run's transfer window: every copy's bytes go through its shared bandwidth limit */
    public ItemCopier(SiteConnectors sites, RetryPolicy retry, String jobName, TransferLimits limits) {
        this.sites = sites;
        this.retry = retry;
        this.jobName = jobName;
        this.limits = limits;
    }

    public TransferLimits limits() {
        return limits;
    }

    public Outcome transfer(TransferItem item) {
        int attempts = item.attempts();
        StorageException last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            attempts++;
            try {
                return attempt(item, attempts);
            } catch (io.recsync.connector.NoSpaceException e) {
                // A full target is the site's condition, not the recording's: marking the item
                // FAILED would drop it from the plan for good (a resumed plan only copies PENDING
                // items, and its run then ended with exit 0 and the recordings missing). Leave it
                // pending, without retrying now, and count it toward stopping the run: the next
                // run after someone frees space copies it.
                String msg = e.getMessage() + "; left pending: the next run copies it once there is space";
                return new Outcome(new ItemResult(item.itemId(), ItemStatus.PENDING, "NO_SPACE", 0, attempts + 1, msg),
                        null, null, true);
            } catch (StorageException e) {
                if (!e.isTransient()) {
                    return failed(item, attempts, e);
                }
                last = e;
            } catch (UncheckedIOException e) {
                last = new io.recsync.connector.TransientStorageException(e.getMessage(), e);
            }
            if (attempt < retry.attempts()) {
                try {
                    retry.backOff(attempt + 1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String msg = "still failing after " + retry.attempts() + " attempts (transient): " + last.getMessage()
                + "; left pending for the next run";
        return new Outcome(new ItemResult(item.itemId(), ItemStatus.PENDING, "RETRY_LATER", 0, attempts, msg),
                null, null, true);
    }

    private Outcome attempt(TransferItem item, int attempts) {
        Connector source = sites.connector(item.sourceSiteId());
        Connector target = sites.connector(item.targetSiteId());
        Recording r = item.recording();
        if (item.replacesMetadata()) {
            return update(item, attempts, source, target);
        }
        long bytes = 0;
        if (item.copyAudio()) {
            FileCopier.Result audio = FileCopier.copy(source, target, r.audio(), limits, r.recordedAt());
            if (audio instanceof FileCopier.Result.Copied c) {
                bytes += c.bytes();
            } else if (!(audio instanceof FileCopier.Result.AlreadyPresent)) {
                return conflicted(item, attempts, r.audio(), audio, 0, null);
            }
        }
        Recording placed = new Recording(r.id(), r.tenant(), r.group(), r.recordedAt(), r.audio(), null, r.version());
        if (item.copyMetadata() && r.hasMetadata()) {
            FileCopier.Result meta = FileCopier.copy(source, target, r.metadata(), limits, r.recordedAt());
            if (meta instanceof FileCopier.Result.Copied c) {
                bytes += c.bytes();
            } else if (!(meta instanceof FileCopier.Result.AlreadyPresent)) {
                return conflicted(item, attempts, r.metadata(), meta, bytes, item.copyAudio() ? placed : null);
            }
            placed = r;
        }
        String outcome = bytes > 0 || (item.copyAudio() && r.audio().size() == 0) ? "COPIED" : "ALREADY_PRESENT";
        return new Outcome(new ItemResult(item.itemId(), ItemStatus.DONE, outcome, bytes, attempts, null), placed, null, false);
    }

    /** A metadata update: the target's sidecar replaced by the source's, the old one kept. */
    private Outcome update(TransferItem item, int attempts, Connector source, Connector target) {
        Recording r = item.recording();
        FileReplacer.Result res = FileReplacer.replace(source, r.metadata(), target, r.metadata().path(),
                item.replacesSha256(), item.keepLoserAs() == null ? null : StoragePath.of(item.keepLoserAs()));
        if (res instanceof FileReplacer.Result.Replaced x) {
            return new Outcome(new ItemResult(item.itemId(), ItemStatus.DONE, "METADATA_UPDATED", x.bytes(), attempts,
                    "replaced metadata kept at " + x.keptAt()), r, null, false, x.keptAt().value());
        }
        if (res instanceof FileReplacer.Result.Created x) {
            return new Outcome(new ItemResult(item.itemId(), ItemStatus.DONE, "METADATA_UPDATED", x.bytes(), attempts, null),
                    r, null, false);
        }
        if (res instanceof FileReplacer.Result.AlreadyCurrent) {
            return new Outcome(new ItemResult(item.itemId(), ItemStatus.DONE, "ALREADY_PRESENT", 0, attempts, null), r, null,
                    false);
        }
        if (res instanceof FileReplacer.Result.TargetChanged x) {
            return new Outcome(new ItemResult(item.itemId(), ItemStatus.DONE, "TARGET_CHANGED", 0, attempts,
                    "the target's metadata changed after this update was planned (sha256 " + x.actualSha256()
                            + "); left as it is: the next run that rescans the site decides again (every run for a "
                            + "site that is a source; `recsync resync` for a site that is only a target)"), null, null, false);
        }
        return conflicted(item, attempts, r.metadata(),
                new FileCopier.Result.SourceMismatch(((FileReplacer.Result.SourceMismatch) res).detail()), 0, null);
    }

    private Outcome conflicted(TransferItem item, int attempts, FileRef file, FileCopier.Result why, long bytes,
            Recording placed) {
        Recording r = item.recording();
        String source = sites.name(item.sourceSiteId());
        String target = sites.name(item.targetSiteId());
        ConflictRecord c;
        String outcome;
        String msg;
        if (why instanceof FileCopier.Result.Occupied o) {
            outcome = "PATH_OCCUPIED";
            msg = "target already holds different bytes at " + file.path() + " (sha256 " + o.targetSha256()
                    + "); left untouched, see `recsync conflicts list`";
            c = ConflictRecord.found(jobName, outcome, r.id(), r.tenant(), source, target, file.path().value(), file.size(),
                    file.sha256(), file.path().value(), o.targetSize(), o.targetSha256(), msg);
        } else {
            outcome = "SOURCE_MISMATCH";
            msg = "source file does not match its manifest, not copied: "
                    + ((FileCopier.Result.SourceMismatch) why).detail();
            c = ConflictRecord.found(jobName, outcome, r.id(), r.tenant(), source, target, file.path().value(), file.size(),
                    file.sha256(), null, null, null, msg);
        }
        return new Outcome(new ItemResult(item.itemId(), ItemStatus.CONFLICT, outcome, bytes, attempts, msg), placed, c, false);
    }

    private Outcome failed(TransferItem item, int attempts, StorageException e) {
        String reason = e instanceof NotFoundException ? "SOURCE_MISSING"
                : e instanceof AccessDeniedException ? "ACCESS_DENIED" : "ERROR";
        String msg = e.getMessage() + (e instanceof NotFoundException
                ? " (the source's manifest lists it but its storage does not have it)" : "");
        return new Outcome(new ItemResult(item.itemId(), ItemStatus.FAILED, reason, 0, attempts, msg), null, null, false);
    }
}
