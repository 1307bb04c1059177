package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.StoragePath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestSegmentsTest {

    @Test
    void segmentNamesSortInTheOrderTheyWereWritten() {
        StoragePath a = ManifestSegments.segment(Instant.parse("2026-11-20T14:03:11.123Z"), "run-42");
        StoragePath b = ManifestSegments.segment(Instant.parse("2026-11-20T14:03:11.124Z"), "run-1");
        StoragePath c = ManifestSegments.segment(Instant.parse("2027-01-01T00:00:00Z"), "a");

        assertThat(a).hasToString(".recsync/manifest/20261120T140311123Z-run-42.jsonl.gz");
        assertThat(List.of(c, b, a).stream().sorted().toList()).containsExactly(a, b, c);
        assertThat(ManifestSegments.isSegment(a)).isTrue();
    }

    @Test
    void otherFilesAreNotSegmentsAndScansSkipSegments() {
        assertThat(ManifestSegments.isSegment(StoragePath.of(".recsync/manifest/20261120T140311123Z-r.jsonl.gz.recsync-tmp-1"))).isFalse();
        assertThat(ManifestSegments.isSegment(StoragePath.of("acme/20261120T140311123Z-r.jsonl.gz"))).isFalse();
        assertThat(ScanFileKind.of(ManifestSegments.segment(Instant.EPOCH, "r"))).isEqualTo(ScanFileKind.IGNORED);
        assertThatThrownBy(() -> ManifestSegments.segment(Instant.EPOCH, "../x"))
                .hasMessage("run id '../x' must be 1 to 64 letters, digits, '-' or '_'");
    }
}
