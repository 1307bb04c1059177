package io.recsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.JobDefinition;
import io.recsync.config.TransferSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How the loop answers a cycle's end: go on, back off, or wait for the next change. */
class ContinuousServiceTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** A job with nothing to watch: only the start, follow-ups and retries run cycles. */
    private static ContinuousService service(ContinuousService.Cycle cycle) {
        JobDefinition job = new JobDefinition("j", Path.of("j.yml"), Map.of(), List.of(), "log", TransferSettings.DEFAULTS);
        return new ContinuousService(job, null, cycle,
                new ContinuousService.Settings(HOUR, HOUR, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(50), 3),
                line -> { }, Clock.systemUTC());
    }

    private static ContinuousService.CycleResult exit(int code) {
        return new ContinuousService.CycleResult(code, 1, 10, 5, 500, "exit " + code, 0, false);
    }

    @Test
    void aCycleStoppedAtItsTransferLimitIsFollowedAtOnceNotBackedOffFrom() throws Exception {
        List<String> reasons = new CopyOnWriteArrayList<>();
        ContinuousService[] self = new ContinuousService[1];
        self[0] = service(reason -> {
            reasons.add(reason);
            if (reasons.size() == 1) {
                return exit(7);
            }
            self[0].requestStop();
            return exit(0);
        });
        self[0].start();
        long t0 = System.nanoTime();
        Thread loop = new Thread(self[0]::run);
        loop.start();
        loop.join(10_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(1)).isEqualTo("go on with what the last cycle's transfer limit left");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("no backoff, no wait for a change").isLessThan(5_000);
        assertThat(self[0].status().cyclesOk()).isEqualTo(2);
        assertThat(self[0].status().cyclesFailed()).isZero();
        assertThat(self[0].status().healthy()).isTrue();
    }

    @Test
    void exitSevenCountsAsCompletedAndTheFaultsDoNot() {
        assertThat(exit(7).completed()).isTrue();
        assertThat(exit(7).stoppedAtLimit()).isTrue();
        assertThat(List.of(0, 3, 4)).allSatisfy(c -> assertThat(exit(c).completed()).isTrue());
        assertThat(List.of(1, 2, 5, 6)).allSatisfy(c -> assertThat(exit(c).completed()).isFalse());
    }
}
