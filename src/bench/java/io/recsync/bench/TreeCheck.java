package io.recsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Proves a copy: the target holds the source's recordings (file count, total bytes) and a sample
 * of them, spread over the tree, has the source's SHA-256. recsync's own files ({@code .recsync/})
 * and temp objects are not recordings.
 */
final class TreeCheck {

    private TreeCheck() {}

    /** Relative paths of the recordings' files under {@code root}, sorted. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith(".recsync") && !p.contains(".recsync-tmp")
                            && (p.endsWith(".wav") || p.endsWith(".json")))
                    .sorted()
                    .toList();
        }
    }

    static void assertSame(Path source, Path target, String what) throws IOException {
        List<String> src = files(source);
        List<String> dst = files(target);
        if (!src.equals(dst)) {
            throw new AssertionError(what + ": target " + target + " holds " + dst.size() + " recording files, the source "
                    + src.size() + (src.size() == dst.size() ? " (different names)" : ""));
        }
        long srcBytes = 0;
        long dstBytes = 0;
        for (String f : src) {
            srcBytes += Files.size(source.resolve(f));
            dstBytes += Files.size(target.resolve(f));
        }
        if (srcBytes != dstBytes) {
            throw new AssertionError(what + ": target holds " + dstBytes + " bytes, the source " + srcBytes);
        }
        List<String> sample = new ArrayList<>();
        int step = Math.max(1, src.size() / 24);
        for (int i = 0; i < src.size(); i += step) {
            sample.add(src.get(i));
        }
        for (String f : sample) {
            if (!sha256(source.resolve(f)).equals(sha256(target.resolve(f)))) {
                throw new AssertionError(what + ": " + f + " differs from the source (SHA-256)");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
