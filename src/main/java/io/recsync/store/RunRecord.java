package io.recsync.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of the run ledger. Every count is this run's own: {@code planned} is the run's share of
 * its plan (all of it for the run that made the plan, what was left for a run that resumed it);
 * the plan's figures are in {@link #tally}. {@code startedAt} is when the command started, so the
 * duration covers the whole run, start-up included.
 */
public record RunRecord(long executionId, long planId, String job, String kind, Instant startedAt, Instant endedAt,
        String status, Integer exitCode, long planned, long copied, long bytesCopied, long skipped, long failed,
        long conflicts, String message, RunTally tally) {

    public RunRecord(long executionId, long planId, String job, String kind, Instant startedAt, Instant endedAt,
            String status, Integer exitCode, long planned, long copied, long bytesCopied, long skipped, long failed,
            long conflicts, String message) {
        this(executionId, planId, job, kind, startedAt, endedAt, status, exitCode, planned, copied, bytesCopied, skipped,
                failed, conflicts, message, RunTally.NONE);
    }

    public Duration duration() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    /** Bytes per second over the whole run, 0 when unknown. */
    public double bytesPerSecond() {
        Duration d = duration();
        return d == null || d.toMillis() <= 0 ? 0 : bytesCopied * 1000.0 / d.toMillis();
    }
}
