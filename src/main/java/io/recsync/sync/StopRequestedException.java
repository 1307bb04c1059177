package io.recsync.sync;

/**
 * The process was asked to stop (SIGTERM or SIGINT to {@code sync --continuous}): the transfer step
 * ends at the next chunk boundary, after the copies in flight finished and were recorded (each
 * verified as any copy is). The run stops as failed (exit 1) with everything committed kept; the
 * next run resumes what was left pending.
 */
public class StopRequestedException extends RuntimeException {

    public StopRequestedException(String message) {
        super(message);
    }
}
