package io.recsync.connector;

/**
 * Base of every error a connector throws. The type, not the message, tells the job what to do:
 * retry ({@link TransientStorageException}), give up on the item, or stop the run.
 */
public abstract class StorageException extends RuntimeException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether a later attempt of the same operation may succeed. */
    public boolean isTransient() {
        return false;
    }
}
