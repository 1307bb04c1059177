package io.recsync.config;

import java.time.Duration;

/**
 * How the transfer step behaves.
 *
 * @param chunkSize items per committed chunk
 * @param parallel concurrent copies within a chunk
 * @param attempts tries per item for transient errors (1 = no retry)
 * @param initialBackoff first retry delay; doubles with jitter up to {@code maxBackoff}
 * @param abortAfterConsecutiveFailures consecutive items that exhaust their retries before the
 *     run stops as failed (the link is down; the next run resumes)
 * @param bandwidth {@code transfer.bandwidth}: a rate or timetable shared by all copies of a run; null for none
 * @param maxDuration {@code transfer.maxDuration}: start no copy this long after the run's start; null for none
 * @param maxTransfer {@code transfer.maxTransfer}: start no copy once this many bytes were copied; null for none
 */
public record TransferSettings(int chunkSize, int parallel, int attempts, Duration initialBackoff, Duration maxBackoff,
        int abortAfterConsecutiveFailures, BandwidthTimetable bandwidth, Duration maxDuration, Long maxTransfer) {

    public static final TransferSettings DEFAULTS =
            new TransferSettings(100, 4, 4, Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

    public TransferSettings(int chunkSize, int parallel, int attempts, Duration initialBackoff, Duration maxBackoff,
            int abortAfterConsecutiveFailures) {
        this(chunkSize, parallel, attempts, initialBackoff, maxBackoff, abortAfterConsecutiveFailures, null, null, null);
    }
}
