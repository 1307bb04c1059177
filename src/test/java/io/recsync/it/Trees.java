package io.recsync.it;

import io.recsync.connector.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a test checks on disk: every file's SHA-256, by relative path. */
public final class Trees {

    private Trees() {}

    /** Relative path -> SHA-256 of every regular file, skipping recsync's own `.recsync/` folder. */
    public static Map<String, String> hashes(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".recsync/")) {
                    return;
                }
                try (InputStream in = Files.newInputStream(p)) {
                    out.put(rel, Sha256.of(in).sha256());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Paths of files a crashed put could have left: recsync temp names anywhere in the tree. */
    public static long tempFiles(Path root) {
        if (!Files.exists(root)) {
            return 0; // no site of that kind made yet
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().contains(".recsync-tmp")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
