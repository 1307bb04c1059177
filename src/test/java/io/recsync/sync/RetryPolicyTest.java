package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backoff doubles from the initial delay, is jittered below each bound, and is capped. */
class RetryPolicyTest {

    @Test
    void delaysDoubleWithJitterAndStopAtTheMaximum() throws Exception {
        List<Duration> slept = new ArrayList<>();
        RetryPolicy p = new RetryPolicy(8, Duration.ofMillis(100), Duration.ofMillis(1000), slept::add);
        for (int attempt = 2; attempt <= 8; attempt++) {
            p.backOff(attempt);
        }
        long[] bounds = {100, 200, 400, 800, 1000, 1000, 1000};
        for (int i = 0; i < bounds.length; i++) {
            assertThat(slept.get(i).toMillis()).as("retry " + (i + 1)).isBetween(bounds[i] / 2, bounds[i]);
        }
    }

    @Test
    void atLeastOneAttemptIsAlwaysMade() {
        assertThat(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, d -> { }).attempts()).isEqualTo(1);
    }
}
