package io.recsync.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A few recordings written by hand into a local site under {@link #TEMPLATE}, each known by a small
 * number, so a test can name the exact files it expects a filter to copy.
 */
final class HandPickedSite {

    static final String TEMPLATE = "{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}";

    /** One recording; {@code sidecar} false leaves the audio alone (tenant, group and date from the path). */
    record Rec(int n, String tenant, String group, Instant recordedAt, boolean sidecar) {
        UUID id() {
            return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
        }

        String base() {
            return tenant + "/" + group + "/" + DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC)
                    .format(recordedAt) + "/" + id();
        }

        String audio() {
            return base() + ".wav";
        }

        String metadata() {
            return base() + ".json";
        }
    }

    private HandPickedSite() {}

    static void write(Path root, Rec... recs) {
        try {
            for (Rec r : recs) {
                Path audio = root.resolve(r.audio());
                Files.createDirectories(audio.getParent());
                // Tiny, distinct content: the hash proves which recording arrived.
                Files.write(audio, ("RIFF fake audio of recording " + r.n() + " " + r.tenant() + "/" + r.group())
                        .getBytes(StandardCharsets.UTF_8));
                if (r.sidecar()) {
                    Files.writeString(root.resolve(r.metadata()), "{\"id\":\"" + r.id() + "\",\"tenant\":\"" + r.tenant()
                            + "\",\"group\":\"" + r.group() + "\",\"recordedAt\":\"" + r.recordedAt() + "\"}\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of these recordings in {@code root} with their SHA-256: audio always, sidecar if it has one. */
    static Map<String, String> files(Path root, boolean audio, boolean metadata, Rec... recs) {
        Map<String, String> all = Trees.hashes(root);
        Map<String, String> out = new TreeMap<>();
        for (Rec r : recs) {
            if (audio) {
                out.put(r.audio(), required(all, r.audio()));
            }
            if (metadata && r.sidecar()) {
                out.put(r.metadata(), required(all, r.metadata()));
            }
        }
        return out;
    }

    private static String required(Map<String, String> all, String path) {
        String sha = all.get(path);
        if (sha == null) {
            throw new AssertionError("the source lacks " + path);
        }
        return sha;
    }

    /** A site of a job file, scanned with {@link #TEMPLATE}. */
    static String site(String name, String connector, String extra) {
        return "  " + name + ":\n    connector: " + connector + "\n    manifest: { source: scan, template: \"" + TEMPLATE
                + "\" }\n" + (extra == null ? "" : extra);
    }
}
