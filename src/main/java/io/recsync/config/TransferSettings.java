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
 */
public record TransferSettings(int chunkSize, int parallel, int attempts, Duration initialBackoff, Duration maxBackoff,
        int abortAfterConsecutiveFailures) {

    public static final TransferSettings DEFAULTS =
            new TransferSettings(100, 4, 4, Duration.ofSeconds(1), Duration.ofSeconds(30), 5);
}
