package io.recsync.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers shared by connectors (verify on put), scanning and verification. */
public final class Sha256 {

    /** Large enough that hashing is not syscall-bound on fast disks. */
    public static final int BUFFER = 256 * 1024;

    private Sha256() {}

    /**
     * A copy buffer for a file of {@code expectedSize} bytes: {@link #BUFFER} for large files, just
     * over the size for small ones (one read fills it, the next finds the end). A first copy of
     * 20,000 demo recordings allocated 10 GB of 256 KiB buffers for files of 27 KB on average, and
     * the young collections that cleared them were 7% of the run's CPU.
     */
    public static byte[] buffer(long expectedSize) {
        if (expectedSize >= BUFFER) {
            return new byte[BUFFER];
        }
        return new byte[(int) Math.max(8 * 1024, expectedSize + 1)];
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static boolean isValidHex(String s) {
        // A loop, not the pattern: a scan checks two checksums per recording, 200,000 a night.
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String of(byte[] data) {
        return hex(newDigest().digest(data));
    }

    /** Reads {@code in} to its end and returns the SHA-256 of what was read. Does not close it. */
    public static Counted of(InputStream in) throws IOException {
        MessageDigest d = newDigest();
        byte[] buf = new byte[BUFFER];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            d.update(buf, 0, r);
            n += r;
        }
        return new Counted(hex(d.digest()), n);
    }

    /** A hash and the number of bytes it covers. */
    public record Counted(String sha256, long size) {}

    /** An input stream that hashes and counts what passes through it. */
    public static final class HashingInputStream extends FilterInputStream {
        private final MessageDigest digest = newDigest();
        private long count;

        public HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                digest.update(b, off, r);
                count += r;
            }
            return r;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("a hashing stream cannot skip bytes");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        public long count() {
            return count;
        }

        /** The hex SHA-256 of everything read so far; call once, at the end. */
        public String sha256() {
            return hex(digest.digest());
        }
    }
}
