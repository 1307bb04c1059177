package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestFormatTest {

    @Test
    void formatAndCompressionComeFromTheFileName() {
        assertThat(ManifestFormat.fromFileName("site-a.jsonl")).isEqualTo(ManifestFormat.JSONL);
        assertThat(ManifestFormat.fromFileName("SITE-A.JSONL.GZ")).isEqualTo(ManifestFormat.JSONL);
        assertThat(ManifestFormat.fromFileName("a.b.csv")).isEqualTo(ManifestFormat.CSV);
        assertThat(ManifestFormat.fromFileName("x.csv.gz")).isEqualTo(ManifestFormat.CSV);
        assertThat(ManifestFormat.isGzip("x.csv.gz")).isTrue();
        assertThat(ManifestFormat.isGzip("x.csv")).isFalse();
        assertThat(ManifestFormat.JSONL.extension(true)).isEqualTo(".jsonl.gz");
    }

    @Test
    void anUnknownExtensionIsAnErrorNamingTheFile() {
        for (String name : List.of("manifest.json", "manifest.txt.gz", ".jsonl", "manifest")) {
            assertThatThrownBy(() -> ManifestFormat.fromFileName(name))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage(name + ": unknown manifest file extension; expected .jsonl, .jsonl.gz, .csv or .csv.gz");
        }
    }

    @Test
    void plainTextReadAsGzipIsAnErrorNotGarbage() {
        byte[] text = "{}\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestReader.open(new ByteArrayInputStream(text), "m.jsonl.gz", ManifestFormat.JSONL, true))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("m.jsonl.gz: not a valid gzip stream (");
    }

    @Test
    void aTruncatedGzipManifestStopsTheReadingInsteadOfLookingComplete() {
        List<Recording> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(Recordings.recording("acme/" + i + ".wav", null));
        }
        byte[] whole = Recordings.write(many, ManifestFormat.JSONL, true);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> Recordings.read(cut, "m.jsonl.gz", ManifestFormat.JSONL, true))
                .isInstanceOf(ManifestException.class)
                .hasMessageMatching("m\\.jsonl\\.gz:\\d+: the gzip stream ends early \\(truncated file\\?\\); "
                        + "expected a complete gzip file, or a name without \\.gz for plain text");
    }
}
