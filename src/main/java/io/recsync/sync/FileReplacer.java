package io.recsync.sync;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.manifest.FileRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Replaces one file at a site with another site's version, losing nothing: the file being
 * replaced is first copied, verified, into the site's quarantine (and, for keep-both, beside the
 * winner), then the winner is written by a verified atomic replace. The one path by which recsync
 * ever changes a file that exists: policy updates of metadata and a person's `conflicts resolve`
 * (which may replace audio too, by a person's decision only).
 */
public final class FileReplacer {

    /** What happened. */
    public sealed interface Result {
        /** Replaced; the old version is at {@code keptAt}. */
        record Replaced(long bytes, StoragePath keptAt) implements Result {}

        /** Nothing there before: the winner was written as a new file. */
        record Created(long bytes) implements Result {}

        /** The site already holds the winner (a retried or raced replace). */
        record AlreadyCurrent() implements Result {}

        /** The file is not the one the decision was made about: left alone, decide again. */
        record TargetChanged(String actualSha256) implements Result {}

        /** The winner's bytes at its site do not match what its manifest says: nothing replaced. */
        record SourceMismatch(String detail) implements Result {}
    }

    private FileReplacer() {}

    /**
     * @param winner the file to put in place, as its own site lists it (read from {@code from})
     * @param at where it goes on {@code to}
     * @param expectedCurrent the checksum the file at {@code to} must still have to be replaced;
     *     null to replace whatever is there
     * @param beside where to keep the replaced file also (keep-both), or null
     */
    public static Result replace(Connector from, FileRef winner, Connector to, StoragePath at, String expectedCurrent,
            StoragePath beside) {
        return replace(from, winner, to, at, expectedCurrent, beside, TransferLimits.NONE);
    }

    /** {@link #replace} with the winner's bytes going through a run's bandwidth limit (an audit's repair). */
    public static Result replace(Connector from, FileRef winner, Connector to, StoragePath at, String expectedCurrent,
            StoragePath beside, TransferLimits limits) {
        Optional<ObjectInfo> existing = to.find(at);
        if (existing.isEmpty()) {
            try {
                put(from, winner, to, at, WriteMode.CREATE_NEW, limits);
                return new Result.Created(winner.size());
            } catch (AlreadyExistsException raced) {
                return new Result.TargetChanged("(written meanwhile)");
            } catch (ChecksumMismatchException e) {
                return new Result.SourceMismatch(e.getMessage());
            }
        }
        String current = FileCopier.sha256Of(to, existing.get());
        if (current.equals(winner.sha256())) {
            return new Result.AlreadyCurrent();
        }
        if (expectedCurrent != null && !current.equals(expectedCurrent)) {
            return new Result.TargetChanged(current);
        }
        StoragePath kept = ConflictCopies.quarantined(at, current);
        try {
            keep(to, at, existing.get().size(), current, kept);
            if (beside != null) {
                keep(to, at, existing.get().size(), current, beside);
            }
        } catch (ChecksumMismatchException changedWhileCopying) {
            return new Result.TargetChanged("(changed while being quarantined)");
        }
        try {
            put(from, winner, to, at, WriteMode.REPLACE, limits);
        } catch (ChecksumMismatchException e) {
            return new Result.SourceMismatch(e.getMessage());
        }
        return new Result.Replaced(winner.size(), kept);
    }

    /**
     * Puts a verified copy of another site's file at {@code at} without replacing anything (the
     * keep-both copy beside a winner). A copy already there with the same bytes is fine.
     */
    public static void copyBeside(Connector from, FileRef file, Connector to, StoragePath at) {
        try {
            put(from, file, to, at, WriteMode.CREATE_NEW);
        } catch (AlreadyExistsException before) {
            String there = FileCopier.sha256Of(to, to.stat(at));
            if (!there.equals(file.sha256())) {
                throw new PermanentStorageException("cannot keep a copy at " + at + ": another file is there (sha256 "
                        + there + "); move it away and retry", null);
            }
        }
    }

    private static void put(Connector from, FileRef winner, Connector to, StoragePath at, WriteMode mode) {
        put(from, winner, to, at, mode, TransferLimits.NONE);
    }

    private static void put(Connector from, FileRef winner, Connector to, StoragePath at, WriteMode mode,
            TransferLimits limits) {
        try (InputStream in = limits.meter(from.open(winner.path()))) {
            to.put(at, in, winner.size(), winner.sha256(), mode);
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + winner.path() + " at the source", e);
        }
    }

    /** A verified copy of the file at {@code at} to {@code copy}; one already there must be the same. */
    private static void keep(Connector site, StoragePath at, long size, String sha256, StoragePath copy) {
        try (InputStream in = site.open(at)) {
            site.put(copy, in, size, sha256, WriteMode.CREATE_NEW);
        } catch (AlreadyExistsException before) {
            String there = FileCopier.sha256Of(site, site.stat(copy));
            if (!there.equals(sha256)) {
                throw new PermanentStorageException("cannot keep " + at + " at " + copy + ": another file is there (sha256 "
                        + there + "); move it away and rerun", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + at, e);
        }
    }
}
