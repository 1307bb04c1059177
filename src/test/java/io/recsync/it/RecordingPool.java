package io.recsync.it;

import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A deterministic set of recordings (demo archive: a wav and its JSON sidecar each, tenants and
 * groups varied) that tests hand out to sites in subsets: a recording two sites hold is then the
 * same bytes at both, as after an earlier sync.
 */
final class RecordingPool {

    private final Path root;
    private final List<String> ids;
    /** Recording id -> its files' paths relative to {@link #root}. */
    private final Map<String, List<String>> files = new TreeMap<>();
    private final Map<String, String> hashes;

    /** {@code count} recordings from {@code seed}, each file a few KiB, under {@code root}. */
    RecordingPool(Path root, long seed, int count) {
        this.root = root;
        new ArchiveGenerator(seed, 0.05, 0.2).generate(root, count);
        this.hashes = Trees.hashes(root);
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.lastIndexOf('.'));
                files.computeIfAbsent(id, k -> new ArrayList<>()).add(root.relativize(p).toString().replace('\\', '/'));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.ids = List.copyOf(files.keySet());
        if (ids.size() != count || files.values().stream().anyMatch(f -> f.size() != 2)) {
            throw new IllegalStateException("pool of " + count + " under " + root + " holds " + files);
        }
    }

    Path root() {
        return root;
    }

    /** Recording ids, sorted. */
    List<String> ids() {
        return ids;
    }

    /** The files (audio and sidecar) of these recordings, relative to {@link #root()}. */
    List<String> filesOf(Collection<String> recordings) {
        return recordings.stream().flatMap(id -> files.get(id).stream()).sorted().toList();
    }

    /** Path -> SHA-256 of the original files of these recordings: what a site holding exactly them holds. */
    Map<String, String> hashesOf(Collection<String> recordings) {
        Map<String, String> out = new TreeMap<>();
        filesOf(recordings).forEach(f -> out.put(f, hashes.get(f)));
        return out;
    }

    /** Bytes of the files (audio and sidecar) of these recordings. */
    long bytesOf(Collection<String> recordings) {
        return filesOf(recordings).stream().mapToLong(f -> {
            try {
                return Files.size(root.resolve(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    /** Recording ids of the files a site holds (path -> hash), as read back from it. */
    static java.util.Set<String> idsIn(Map<String, String> siteFiles) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        siteFiles.keySet().forEach(p -> {
            String name = p.substring(p.lastIndexOf('/') + 1);
            out.add(name.substring(0, name.lastIndexOf('.')));
        });
        return out;
    }
}
