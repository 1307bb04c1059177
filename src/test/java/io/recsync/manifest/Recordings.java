package io.recsync.manifest;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test data and small read/write helpers shared by the manifest tests. */
final class Recordings {

    static final String AUDIO_SHA = Sha256.of("audio".getBytes(StandardCharsets.UTF_8));
    static final String META_SHA = Sha256.of("metadata".getBytes(StandardCharsets.UTF_8));

    private Recordings() {}

    static Recording recording(String audioPath, String metadataPath) {
        UUID id = UUID.nameUUIDFromBytes(audioPath.getBytes(StandardCharsets.UTF_8));
        FileRef audio = new FileRef(StoragePath.of(audioPath), 482113, AUDIO_SHA);
        FileRef metadata = metadataPath == null ? null : new FileRef(StoragePath.of(metadataPath), 1211, META_SHA);
        return new Recording(id, "acme", "support", Instant.parse("2026-11-20T14:03:11Z"), audio, metadata, 1);
    }

    static byte[] write(List<Recording> recordings, ManifestFormat format, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ManifestWriter w = ManifestWriter.open(out, format, gzip)) {
            recordings.forEach(w::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<ManifestEntry> read(byte[] bytes, String source, ManifestFormat format, boolean gzip) {
        List<ManifestEntry> entries = new ArrayList<>();
        try (ManifestReader r = ManifestReader.open(new ByteArrayInputStream(bytes), source, format, gzip)) {
            for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                entries.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static List<ManifestEntry> readText(String text, String source, ManifestFormat format) {
        return read(text.getBytes(StandardCharsets.UTF_8), source, format, false);
    }
}
