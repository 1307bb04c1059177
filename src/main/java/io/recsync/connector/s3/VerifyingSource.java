package io.recsync.connector.s3;

import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bytes of one put as the SDK reads them: exactly {@code size} of them, hashed on the way. The
 * last byte is handed over only after the whole stream proved to hash to the expected SHA-256 and to
 * end there; otherwise the read fails, so the request (or the multipart upload) never completes and
 * nothing is stored, even on a server that ignores the checksum header.
 */
final class VerifyingSource extends InputStream {

    private final InputStream source;
    private final long size;
    private final String expectedSha256;
    private final String what;
    private final MessageDigest digest = Sha256.newDigest();
    private long delivered;
    private String sha256;
    private StorageException rejection;

    VerifyingSource(InputStream source, long size, String expectedSha256, String what) {
        this.source = source;
        this.size = size;
        this.expectedSha256 = expectedSha256;
        this.what = what;
        if (size == 0) {
            StorageException problem = finish();
            if (problem != null) {
                throw problem;
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (rejection != null) {
            throw new Rejected(rejection);
        }
        if (len == 0) {
            return 0;
        }
        long remaining = size - delivered;
        if (remaining == 0) {
            return -1;
        }
        int n;
        try {
            n = source.read(b, off, (int) Math.min(len, remaining));
        } catch (IOException e) {
            throw reject(new TransientStorageException(what + ": reading the source failed after " + delivered
                    + " of " + size + " bytes (" + e.getMessage() + "); nothing was stored", e));
        }
        if (n < 0) {
            throw reject(new ChecksumMismatchException(what + ": the data ended after " + delivered + " of "
                    + size + " bytes; nothing was stored"));
        }
        digest.update(b, off, n);
        delivered += n;
        if (delivered == size) {
            StorageException problem = finish();
            if (problem != null) {
                throw reject(problem);
            }
        }
        return n;
    }

    private Rejected reject(StorageException reason) {
        rejection = reason;
        return new Rejected(reason);
    }

    /**
     * This stream for one more attempt of the request, as long as none of it was consumed: the SDK
     * retries a request whose connection failed before the body went out (a stale pooled connection),
     * but bytes already taken from the source cannot be taken again.
     */
    InputStream forAttempt() {
        if (rejection != null) {
            throw rejection;
        }
        if (delivered > 0) {
            throw new TransientStorageException(what + ": the connection failed after " + delivered + " of " + size
                    + " bytes were sent; nothing was stored, and the next attempt sends the object again");
        }
        return this;
    }

    /** Why the bytes were refused, if they were: the reason to report, whatever the SDK made of it. */
    Optional<StorageException> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** The caller of put owns the source and closes it; the SDK closing its body must not. */
    @Override
    public void close() {}

    /** Proves the stream ends here and hashes as expected; the reason why not, or null. */
    private StorageException finish() {
        int extra;
        try {
            extra = source.read();
        } catch (IOException e) {
            return new TransientStorageException(what + ": reading the source failed at its end (" + e.getMessage()
                    + "); nothing was stored", e);
        }
        if (extra >= 0) {
            return new ChecksumMismatchException(what + ": the data is longer than the " + size
                    + " bytes announced; nothing was stored");
        }
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            return new ChecksumMismatchException(what + ": the bytes hash to " + actual + ", expected "
                    + expectedSha256 + "; nothing was stored");
        }
        sha256 = actual;
        return null;
    }

    /** The verified SHA-256; only once every byte was read. */
    String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the upload ended before all " + size + " bytes were read");
        }
        return sha256;
    }

    /** An I/O failure as the HTTP client expects one, carrying the typed reason for the caller. */
    static final class Rejected extends IOException {
        Rejected(StorageException reason) {
            super(reason.getMessage(), reason);
        }
    }
}
