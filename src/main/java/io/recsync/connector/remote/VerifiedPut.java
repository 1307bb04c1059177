package io.recsync.connector.remote;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.PutResult;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One put: stream into a temp name beside the target while hashing, prove count, hash and the size
 * the server holds, then publish. Whatever fails, the temp is removed (best effort: if the
 * connection is gone for good, the next put of the same name replaces the leftover) and nothing
 * appears at the final name.
 *
 * <p>Resume (kinds whose session {@link RemoteSession#resumesWrites() resumes writes}, i.e. SFTP, and
 * only for objects of at least {@link #RESUME_THRESHOLD} bytes): a put that fails for a transient
 * reason (the link, or the source) keeps its partial temp. The next put of the name reads that temp
 * back and hashes it while reading as many bytes from the source; when the SHA-256 of both agree it
 * appends the rest of the source, and the whole-file SHA-256 (over the source's prefix and the
 * appended bytes) and the size on the server are proven before publishing, exactly as for a fresh
 * write. A temp that is not a regular file (a symbolic link may have been planted there), is not
 * shorter than the object, sits beside an existing final name, or whose bytes differ, is removed.
 */
final class VerifiedPut {

    /**
     * Files at least this large resume a partial temp. Below it, reading the temp back and the extra
     * round trips cost about what writing the file again does, and the simple path stays the rule.
     */
    static final long RESUME_THRESHOLD = 8L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(VerifiedPut.class.getName());

    private final StoragePath path;
    private final InputStream data;
    private final long size;
    private final String expectedSha256;
    private final WriteMode mode;
    private final String site;
    private final Predicate<Exception> isTransient;
    private boolean keptTemp;
    private boolean lookFirst;
    private long reused;

    VerifiedPut(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode, String site) {
        this(path, data, size, expectedSha256, mode, site, e -> e instanceof StorageException se && se.isTransient());
    }

    /**
     * @param isTransient whether a failure (as the session threw it) may pass: then a resumable put
     *     keeps its temp for the next put of the name
     */
    VerifiedPut(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode, String site,
            Predicate<Exception> isTransient) {
        if (path.isRoot()) {
            throw new PathRejectedException("", "the site root is not an object name");
        }
        if (TempNames.isTemp(path.name())) {
            throw new PathRejectedException(path.value(), "names like '.<name>" + TempNames.MARK
                    + "' are reserved for unfinished writes");
        }
        if (!Sha256.isValidHex(expectedSha256)) {
            throw new IllegalArgumentException("expected SHA-256 must be 64 lower-case hex digits, got '" + expectedSha256 + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        this.path = path;
        this.data = data;
        this.size = size;
        this.expectedSha256 = expectedSha256;
        this.mode = mode;
        this.site = site;
        this.isTransient = isTransient;
    }

    /**
     * With CREATE_NEW, refuse a taken name before reading any byte of the source, in the same round
     * trip that opens the temp (the caller then skips its own look).
     */
    VerifiedPut lookingFirst(boolean lookFirst) {
        this.lookFirst = lookFirst;
        return this;
    }

    PutResult run(RemoteSession s) throws Exception {
        // No separate "does it exist?" for CREATE_NEW: callers look first (FileCopier does) or ask this
        // put to look in the round trip that opens the temp; the publish step refuses a taken name
        // atomically either way, and on a far link every round trip counts.
        s.prepareDirectory(path.parent());
        StoragePath temp = TempNames.tempFor(path);
        boolean resumable = s.resumesWrites() && size >= RESUME_THRESHOLD;
        long prefix = resumable ? reusableLength(s, temp) : 0;
        TempOutput fresh = null;
        if (prefix == 0) {
            // A leftover is removed, never truncated or written through: it may be a symbolic link
            // planted at the temp name, or, after a crash between SFTP's link and unlink, a second name
            // of the published recording itself. createTemp leaves no temp when it fails.
            fresh = s.createTemp(temp, size, lookFirst && mode == WriteMode.CREATE_NEW ? path : null)
                    .orElseThrow(() -> new AlreadyExistsException(site + ": " + path + " already exists; it was left untouched"));
        }
        try {
            MessageDigest digest = Sha256.newDigest();
            if (prefix > 0 && !prefixMatches(s, temp, prefix, digest)) {
                throw new StaleTemp(site + ": the partial temp file " + temp + " left by an interrupted put does not"
                        + " hold the first " + prefix + " bytes of " + path + "; removed it, the next attempt writes the"
                        + " file from its start");
            }
            reused = prefix;
            if (prefix > 0) {
                LOG.info(site + ": resuming " + path + " after the " + prefix + " of " + size
                        + " bytes an interrupted put left, proven equal to the source by SHA-256");
            }
            String sha256;
            long stored;
            if (fresh != null) {
                try (TempOutput out = fresh) {
                    sha256 = copyExactly(out, digest, size);
                    stored = out.finish();
                }
            } else {
                try (OutputStream out = s.append(temp, size - prefix)) {
                    sha256 = copyExactly(out, digest, size - prefix);
                }
                stored = s.stat(temp).map(RemoteEntry::size).orElse(-1L);
            }
            if (!sha256.equals(expectedSha256)) {
                throw new ChecksumMismatchException(site + ": the bytes for " + path + " hash to " + sha256
                        + ", expected " + expectedSha256 + "; nothing was stored");
            }
            if (stored != size) {
                throw new PermanentStorageException(site + ": after writing " + size + " bytes for " + path
                        + " the server holds " + stored + " in the temp file; nothing was published");
            }
            s.publish(temp, path, mode);
            return new PutResult(path, size, sha256);
        } catch (Exception | Error e) {
            if (resumable && !(e instanceof StaleTemp) && e instanceof Exception x && isTransient.test(x)) {
                keptTemp = true; // the next put of this name resumes it (or removes it)
                LOG.fine(site + ": keeping the partial temp of " + path + " for the next put: " + e);
            } else {
                discardTemp(s, temp, e);
            }
            throw e;
        }
    }

    /** Whether a transient failure left the temp in place for the next put to resume. */
    boolean keptTemp() {
        return keptTemp;
    }

    /** Bytes of an interrupted put's temp that this put reused (0: written from the start). */
    long reused() {
        return reused;
    }

    /**
     * The length of a leftover temp worth resuming, or 0: it must be a regular file (lstat: never a
     * link, whose target could be anything), shorter than the object and not empty, and the final
     * name must be free (a temp beside a published recording may be a second name of it).
     */
    private long reusableLength(RemoteSession s, StoragePath temp) throws Exception {
        Optional<RemoteEntry> leftover = s.lstat(temp);
        if (leftover.isEmpty()) {
            return 0;
        }
        RemoteEntry e = leftover.get();
        if (e.kind() != RemoteEntry.Kind.FILE || e.size() <= 0 || e.size() >= size) {
            return 0;
        }
        if (s.stat(path).isPresent()) {
            return 0;
        }
        return e.size();
    }

    /**
     * Reads {@code prefix} bytes of the temp and of the source, hashing each; the source's bytes
     * also go into {@code whole}. True when both hash alike.
     */
    private boolean prefixMatches(RemoteSession s, StoragePath temp, long prefix, MessageDigest whole)
            throws Exception {
        MessageDigest stored = Sha256.newDigest();
        byte[] buffer = Sha256.buffer(size);
        try (InputStream in = s.read(temp, 0)) {
            long left = prefix;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return false; // shorter than it said: not worth trusting
                }
                stored.update(buffer, 0, n);
                left -= n;
            }
        }
        long left = prefix;
        while (left > 0) {
            int n = readSource(buffer, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new ChecksumMismatchException(site + ": the data for " + path + " ended after "
                        + (prefix - left) + " of " + size + " bytes; nothing was stored");
            }
            whole.update(buffer, 0, n);
            left -= n;
        }
        MessageDigest sourcePrefix = (MessageDigest) whole.clone();
        return MessageDigest.isEqual(stored.digest(), sourcePrefix.digest());
    }

    private String copyExactly(OutputStream out, MessageDigest digest, long count) throws IOException {
        byte[] buffer = Sha256.buffer(size);
        long remaining = count;
        while (remaining > 0) {
            int n = readSource(buffer, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new ChecksumMismatchException(site + ": the data for " + path + " ended after " + (size - remaining)
                        + " of " + size + " bytes; nothing was stored");
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            remaining -= n;
        }
        if (readSource(buffer, 1) >= 0) {
            throw new ChecksumMismatchException(site + ": the data for " + path + " is longer than the " + size
                    + " bytes announced; nothing was stored");
        }
        return Sha256.hex(digest.digest());
    }

    /**
     * A leftover temp that is not a prefix of this object: removed; the source was partly read, so
     * this attempt cannot start over, the next one (a retry of the item) writes from the start.
     * Transient, and the session is sound.
     */
    static final class StaleTemp extends TransientStorageException {
        StaleTemp(String message) {
            super(message);
        }
    }

    /** A failing source is not this store's fault: it is reported as such, and worth a retry. */
    private int readSource(byte[] buffer, int len) {
        try {
            return data.read(buffer, 0, len);
        } catch (IOException e) {
            throw new SourceFailure("reading the bytes to store at " + site + " " + path + " failed: " + e, e);
        }
    }

    /** The stream handed to put failed, not the store: its session stays in the pool. */
    static final class SourceFailure extends TransientStorageException {
        SourceFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void discardTemp(RemoteSession s, StoragePath temp, Throwable cause) {
        try {
            s.delete(temp);
        } catch (Exception | Error e) {
            cause.addSuppressed(e);
            LOG.log(Level.FINE, site + ": could not remove temp " + temp + "; the next put of " + path + " replaces it", e);
        }
    }
}
