package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateIdDetectorTest {

    @Test
    void remembersWhereEachIdWasFirstSeenAcrossGrowth() {
        DuplicateIdDetector d = new DuplicateIdDetector();
        int n = 50_000;
        for (int i = 1; i <= n; i++) {
            assertThat(d.firstSeen(id(i), i)).isEmpty();
        }
        assertThat(d.size()).isEqualTo(n);
        for (int i = 1; i <= n; i += 997) {
            assertThat(d.firstSeen(id(i), n + i)).isEqualTo(OptionalLong.of(i));
        }
        assertThat(d.firstSeen(UUID.randomUUID(), n + 1)).isEmpty();
    }

    /** Time-based style ids that differ only in a few bits, the hard case for a hash table. */
    private static UUID id(int i) {
        return new UUID(0x1ee0_0000_0000_1000L | ((long) i << 32), 0x8000_0000_0000_0000L | i);
    }
}
