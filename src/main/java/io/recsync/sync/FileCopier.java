package io.recsync.sync;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.ServerSideChecksum;
import io.recsync.connector.Sha256;
import io.recsync.connector.WriteMode;
import io.recsync.manifest.FileRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Copies one file of a recording so that it ends up at the target verified, or not at all.
 * Never overwrites: a target file that is already there is either proven identical (then nothing
 * is copied) or reported as occupying the path.
 */
final class FileCopier {

    /** What happened to one file. */
    sealed interface Result {
        record Copied(long bytes) implements Result {}

        record AlreadyPresent() implements Result {}

        /** The target holds other bytes at this path; they stay untouched. */
        record Occupied(long targetSize, String targetSha256) implements Result {}

        /** The source's bytes do not match its own manifest: it is not copied. */
        record SourceMismatch(String detail) implements Result {}
    }

    private FileCopier() {}

    static Result copy(Connector source, Connector target, FileRef file) {
        return copy(source, target, file, TransferLimits.NONE);
    }

    /** @param limits the run's bandwidth limit and byte count: the source's bytes go through it */
    static Result copy(Connector source, Connector target, FileRef file, TransferLimits limits) {
        return copy(source, target, file, limits, null);
    }

    /**
     * @param recordedAt when the recording was made: a target that locks objects (S3 Object Lock)
     *     retains the copy from then; null for none
     */
    static Result copy(Connector source, Connector target, FileRef file, TransferLimits limits, java.time.Instant recordedAt) {
        if (!target.refusesTakenNameInPut()) {
            // One look per file; a target that refuses a taken name in the put itself (S3's
            // If-None-Match, SFTP's look-and-create on the put's channel) is not asked first: the
            // refusal below (AlreadyExistsException) judges what is there.
            Optional<ObjectInfo> existing = target.find(file.path());
            if (existing.isPresent()) {
                return compareExisting(target, file, existing.get());
            }
        }
        try (InputStream in = limits.meter(source.open(file.path()))) {
            target.put(file.path(), in, file.size(), file.sha256(), WriteMode.CREATE_NEW, recordedAt);
            return new Result.Copied(file.size());
        } catch (AlreadyExistsException taken) {
            // Something wrote the name between our look and our publish, or it was there before a
            // put that does not look first: judge what is there now.
            return compareExisting(target, file, target.stat(file.path()));
        } catch (ChecksumMismatchException e) {
            return new Result.SourceMismatch(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file.path() + " at the source", e);
        }
    }

    private static Result compareExisting(Connector target, FileRef file, ObjectInfo info) {
        String actual = sha256Of(target, info);
        if (info.size() == file.size() && file.sha256().equals(actual)) {
            // Verified in place. A put of it cut between publishing and removing its temp (a link
            // that died at that moment) left the temp, which no later put of the name would remove.
            target.dropLeftoverOf(file.path());
            return new Result.AlreadyPresent();
        }
        return new Result.Occupied(info.size(), actual);
    }

    /** The stored checksum when the storage keeps one, else the hash of the bytes read back. */
    static String sha256Of(Connector c, ObjectInfo info) {
        if (info.sha256().isPresent()) {
            return info.sha256().get();
        }
        if (c instanceof ServerSideChecksum s) {
            Optional<String> stored = s.storedSha256(info.path());
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        try (InputStream in = c.open(info.path())) {
            return Sha256.of(in).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + info.path() + " back to verify it", e);
        }
    }
}
