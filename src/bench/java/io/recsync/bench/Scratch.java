package io.recsync.bench;

import java.io.IOException;
import java.io.InputStream;

/** Small helpers the bench's sections share: deleting scratch trees, reading a child's port. */
final class Scratch {

    private Scratch() {}

    /** The port a child server prints as {@code READY <port>} on its first line ({@link StandaloneS3Proxy}). */
    static int readPort(Process p) throws IOException {
        InputStream in = p.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        String s = line.toString().trim();
        if (!s.startsWith("READY ")) {
            throw new IOException("unexpected s3proxy output: " + s);
        }
        return Integer.parseInt(s.substring(6));
    }

    static void quietDelete(java.nio.file.Path p) {
        try {
            TreeCheck.delete(p);
        } catch (IOException e) {
            System.err.println("bench: could not delete " + p + ": " + e);
        }
    }
}
