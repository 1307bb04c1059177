package io.recsync.sync;

/**
 * A worker's partition failed for a reason the manager knows only by its message (see
 * {@link PartitionFailure}): the run's message is that reason, its exit code that of a failed run.
 */
public final class PartitionFailedException extends RuntimeException {

    public PartitionFailedException(String message) {
        super(message);
    }
}
