package io.recsync.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void aCopyBufferFitsASmallFileAndIsCappedForALargeOne() {
        assertThat(Sha256.buffer(0)).hasSize(8 * 1024);
        assertThat(Sha256.buffer(27_000)).hasSize(27_001); // one read fills it, the next finds the end
        assertThat(Sha256.buffer(64L << 20)).hasSize(Sha256.BUFFER);
        assertThat(Sha256.buffer(Long.MAX_VALUE)).hasSize(Sha256.BUFFER);
        assertThat(Sha256.buffer(-1)).hasSize(8 * 1024); // size unknown
    }

    @Test
    void hashesAStreamAndCountsIt() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        Sha256.Counted c = Sha256.of(new ByteArrayInputStream(abc));
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.of(abc)).isEqualTo(c.sha256());
    }

    @Test
    void validHexIsExactlySixtyFourLowerCaseHexDigits() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[0-9a-f]{64}");
        String good = "0123456789abcdef".repeat(4);
        for (String s : java.util.List.of(good, good.toUpperCase(), good.substring(1), good + "0", good.replace('f', 'g'),
                good.replace('0', ' '), good.replace('a', '\u00e0'), "", "a".repeat(64), "9".repeat(64), "/".repeat(64),
                ":".repeat(64), "`".repeat(64), "g".repeat(64))) {
            org.assertj.core.api.Assertions.assertThat(Sha256.isValidHex(s)).as(s).isEqualTo(pattern.matcher(s).matches());
        }
        org.assertj.core.api.Assertions.assertThat(Sha256.isValidHex(null)).isFalse();
    }
}
