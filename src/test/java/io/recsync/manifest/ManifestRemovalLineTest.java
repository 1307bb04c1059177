package io.recsync.manifest;

import static io.recsync.manifest.Recordings.recording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The segment format's removal line (a released fallback copy): written, read back in order, and checked. */
class ManifestRemovalLineTest {

    private static List<ManifestEntry> read(byte[] bytes) throws Exception {
        List<ManifestEntry> out = new ArrayList<>();
        try (ManifestReader r = ManifestReader.open(new ByteArrayInputStream(bytes), "seg", ManifestFormat.JSONL, true)) {
            for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aRemovalLineIsReadInItsPlaceBetweenTheLinesOfTheSameId() throws Exception {
        Recording r = recording("acme/support/2026/11/20/a.wav", "acme/support/2026/11/20/a.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ManifestWriter w = ManifestWriter.open(bytes, ManifestFormat.JSONL, true)) {
            w.write(r);
            w.writeRemoval(r.id(), Instant.parse("2026-12-06T19:00:00Z"), "released");
            w.write(r);
            assertThat(w.count()).isEqualTo(3);
        }
        List<ManifestEntry> entries = read(bytes.toByteArray());
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isEqualTo(new ManifestEntry.Valid(r, 1));
        assertThat(entries.get(1)).isEqualTo(new ManifestEntry.Removed(r.id(), 2));
        assertThat(entries.get(2)).isEqualTo(new ManifestEntry.Valid(r, 3));
    }

    @Test
    void removedMustBeTrueAndNeedsAValidId() throws Exception {
        byte[] plain = ("{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"removed\":false}\n{\"id\":\"nope\",\"removed\":true}\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(plain);
        }
        List<ManifestEntry> entries = read(gz.toByteArray());
        assertThat(entries).allSatisfy(e -> assertThat(e).isInstanceOf(ManifestEntry.Invalid.class));
        assertThat(((ManifestEntry.Invalid) entries.get(0)).problem().toString()).contains("removed").contains("expected true");
        assertThat(((ManifestEntry.Invalid) entries.get(1)).problem().toString()).contains("id");
    }

    @Test
    void aCsvManifestHasNoRemovalLine() {
        ManifestWriter w = ManifestWriter.open(new ByteArrayOutputStream(), ManifestFormat.CSV, false);
        assertThatThrownBy(() -> w.writeRemoval(java.util.UUID.randomUUID(), Instant.now(), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JSON Lines");
    }
}
