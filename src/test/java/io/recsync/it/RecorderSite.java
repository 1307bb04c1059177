package io.recsync.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local site as a call recorder fills it: audio plus a JSON sidecar per recording under
 * {@code tenant/group/yyyy/MM/dd/}, and metadata edits that rewrite the sidecar with a new version,
 * the way a supervisor's note or a re-tag does.
 */
final class RecorderSite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    static final Instant RECORDED = Instant.parse("2026-11-20T14:03:11Z");

    final String name;
    final Path root;
    /** The inline connector profile through which recsync reaches {@link #root}. */
    private final String profile;

    RecorderSite(String name, Path root) {
        this(name, root, "{ type: local, root: \"" + root + "\" }");
    }

    /** A site on a server (SFTP, S3, ...) whose files are at {@code root} on this host. */
    RecorderSite(String name, Path root, String profile) {
        this.name = name;
        this.root = root;
        this.profile = profile;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inline connector profile of this site. */
    String connector() {
        return profile;
    }

    static String base(UUID id, String tenant, String group) {
        return tenant + "/" + group + "/" + DAY.format(RECORDED) + "/" + id;
    }

    /** Records a call: audio bytes derived from {@code audioSeed}, metadata version 1. */
    UUID record(UUID id, String tenant, String group, String audioSeed) {
        String base = base(id, tenant, group);
        write(base + ".wav", ("RIFF audio of " + id + " " + audioSeed).repeat(20).getBytes(StandardCharsets.UTF_8));
        writeSidecar(id, tenant, group, 1, null, "recorded at " + name);
        return id;
    }

    /** Edits a recording's metadata here: a new version with a note, stamped {@code updatedAt}. */
    void edit(UUID id, long version, Instant updatedAt, String note) {
        Path sidecar = sidecar(id);
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(sidecar.toFile());
            writeSidecar(id, n.get("tenant").asText(), n.get("group").asText(), version, updatedAt, note);
            // A new mtime, as any editor leaves: the scan's cache keys on path, size and mtime.
            Files.setLastModifiedTime(sidecar, FileTime.from(Instant.now().plusSeconds(version)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSidecar(UUID id, String tenant, String group, long version, Instant updatedAt, String note) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id.toString());
        n.put("tenant", tenant);
        n.put("group", group);
        n.put("recordedAt", RECORDED.toString());
        n.put("version", version);
        if (updatedAt != null) {
            n.put("updatedAt", updatedAt.toString());
        }
        n.put("note", note);
        write(base(id, tenant, group) + ".json", n.toString().getBytes(StandardCharsets.UTF_8));
    }

    Path sidecar(UUID id) {
        return find(id + ".json");
    }

    Path audio(UUID id) {
        return find(id + ".wav");
    }

    String note(UUID id) {
        try {
            return JSON.readTree(sidecar(id).toFile()).get("note").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hashes of every file outside {@code .recsync/}, by relative path. */
    Map<String, String> live() {
        Map<String, String> all = new TreeMap<>(Trees.hashes(root));
        all.keySet().removeIf(p -> p.startsWith(".recsync/"));
        return all;
    }

    /** Hashes of what recsync kept in this site's quarantine, by relative path. */
    Map<String, String> quarantine() {
        Path q = root.resolve(".recsync/quarantine");
        Map<String, String> out = new TreeMap<>();
        Trees.hashes(q).forEach((p, h) -> out.put(".recsync/quarantine/" + p, h));
        return out;
    }

    private Path find(String fileName) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(fileName) && !root.relativize(p).startsWith(".recsync"))
                    .findFirst().orElseThrow(() -> new AssertionError(fileName + " not at site " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String relative, byte[] bytes) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
