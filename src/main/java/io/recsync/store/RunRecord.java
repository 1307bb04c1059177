package io.recsync.store;

import java.time.Duration;
import java.time.Instant;

/** One row of the run ledger. */
public record RunRecord(long executionId, long planId, String job, String kind, Instant startedAt, Instant endedAt,
        String status, Integer exitCode, long planned, long copied, long bytesCopied, long skipped, long failed,
        long conflicts, String message) {

    public Duration duration() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    /** Bytes per second over the whole run, 0 when unknown. */
    public double bytesPerSecond() {
        Duration d = duration();
        return d == null || d.toMillis() <= 0 ? 0 : bytesCopied * 1000.0 / d.toMillis();
    }
}
