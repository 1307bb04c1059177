package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One reading of sizes for job fields, --max-transfer and --bwlimit: rclone's letters and the spelled-out units. */
class ByteSizesTest {

    @Test
    void rclonesLettersAndTheSpelledOutUnitsAreTheSameBinarySizes() {
        assertThat(ByteSizes.parse("64MiB")).isEqualTo(64L << 20).isEqualTo(ByteSizes.parse("64M"))
                .isEqualTo(ByteSizes.parse("64mib"));
        assertThat(ByteSizes.parse("5242880")).isEqualTo(5_242_880L);
        assertThat(ByteSizes.parse("4096B")).isEqualTo(4096L);
        assertThat(ByteSizes.parse("1.5K")).isEqualTo(1536L);
        assertThat(ByteSizes.bytes("1.5T", null)).hasValue(1.5 * (1L << 40));
        assertThat(ByteSizes.bytes("512", 'k')).as("a bare number in the caller's unit (rclone's --bwlimit: KiB)")
                .hasValue(512.0 * 1024);
    }

    @Test
    void whatIsNotASizeIsRefused() {
        assertThat(ByteSizes.bytes("500", null)).as("a unit required").isEmpty();
        assertThat(ByteSizes.bytes("10Q", 'k')).isEmpty();
        assertThat(ByteSizes.bytes("10bib", 'b')).isEmpty();
        assertThat(ByteSizes.bytes("10ib", 'b')).isEmpty();
        assertThat(ByteSizes.bytes("64MB", null)).as("MB: decimal to some, binary to others").isEmpty();
        assertThatThrownBy(() -> ByteSizes.parse("64MB")).hasMessageContaining("64MiB");
        assertThatThrownBy(() -> ByteSizes.parse("1.5B")).hasMessageContaining("expected a size such as 5242880");
        assertThatThrownBy(() -> ByteSizes.parse("64 furlongs")).hasMessageContaining("got '64 furlongs'");
        assertThatThrownBy(() -> ByteSizes.parse("99999999P")).hasMessageContaining("is too large");
    }
}
