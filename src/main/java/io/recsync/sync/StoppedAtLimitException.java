package io.recsync.sync;

/**
 * The run reached its {@code --max-duration} or {@code --max-transfer}: it started no new copy,
 * finished and committed those in flight, and left the rest of its plan for the next run, which
 * resumes it (exit {@link ExitCode#STOPPED_AT_LIMIT}). Not a link failure: {@code --retry-until}
 * does not rerun it.
 */
public final class StoppedAtLimitException extends RuntimeException {

    public StoppedAtLimitException(String message) {
        super(message);
    }
}
