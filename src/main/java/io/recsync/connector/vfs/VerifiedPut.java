package io.recsync.connector.vfs;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.PutResult;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One put: stream into a temp name beside the target while hashing, prove count, hash and the size
 * the server holds, then publish. Whatever fails, the temp is removed (best effort: if the
 * connection is gone for good, the next put of the same name replaces the leftover) and nothing
 * appears at the final name.
 */
final class VerifiedPut {

    private static final Logger LOG = Logger.getLogger(VerifiedPut.class.getName());

    private final StoragePath path;
    private final InputStream data;
    private final long size;
    private final String expectedSha256;
    private final WriteMode mode;
    private final String site;

    VerifiedPut(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode, String site) {
        if (path.isRoot()) {
            throw new PathRejectedException("", "the site root is not an object name");
        }
        if (TempNames.isTemp(path.name())) {
            throw new PathRejectedException(path.value(), "names like '.<name>" + TempNames.SUFFIX
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
    }

    PutResult run(RemoteSession s) throws Exception {
        if (mode == WriteMode.CREATE_NEW && s.stat(path).isPresent()) {
            throw taken(); // saves a transfer; the publish step enforces it again atomically
        }
        ensureDirectory(s, path.parent());
        s.checkInsideRoot(path.parent());
        StoragePath temp = TempNames.tempFor(path);
        // Removing (not truncating) a leftover never writes through a link planted at the temp name.
        s.delete(temp);
        try {
            String sha256;
            try (OutputStream out = s.write(temp, size)) {
                sha256 = copyExactly(out);
            }
            if (!sha256.equals(expectedSha256)) {
                throw new ChecksumMismatchException(site + ": the bytes for " + path + " hash to " + sha256
                        + ", expected " + expectedSha256 + "; nothing was stored");
            }
            long stored = s.stat(temp).map(RemoteEntry::size).orElse(-1L);
            if (stored != size) {
                throw new PermanentStorageException(site + ": after writing " + size + " bytes for " + path
                        + " the server holds " + stored + " in the temp file; nothing was published");
            }
            s.publish(temp, path, mode);
            return new PutResult(path, size, sha256);
        } catch (Exception | Error e) {
            discardTemp(s, temp, e);
            throw e;
        }
    }

    private String copyExactly(OutputStream out) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[Sha256.BUFFER];
        long remaining = size;
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

    private static void ensureDirectory(RemoteSession s, StoragePath dir) throws Exception {
        if (dir.isRoot()) {
            return;
        }
        Optional<RemoteEntry> e = s.stat(dir);
        if (e.isPresent()) {
            if (!e.get().isDirectory()) {
                throw new PathRejectedException(dir.value(), "exists and is not a directory");
            }
            return;
        }
        ensureDirectory(s, dir.parent());
        try {
            s.makeDirectory(dir);
        } catch (Exception failed) {
            // Another writer may have created it a moment ago: that is fine.
            if (!s.stat(dir).map(RemoteEntry::isDirectory).orElse(false)) {
                throw failed;
            }
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

    private AlreadyExistsException taken() {
        return new AlreadyExistsException(site + ": " + path + " already exists; it was left untouched");
    }
}
