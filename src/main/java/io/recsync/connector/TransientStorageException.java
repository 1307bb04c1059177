package io.recsync.connector;

/** Timeouts, connection resets, throttling, server errors: a later attempt may succeed. */
public class TransientStorageException extends StorageException {

    public TransientStorageException(String message) {
        super(message, null);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
