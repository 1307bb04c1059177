package io.recsync.connector;

/** Nothing is stored at the path. */
public class NotFoundException extends StorageException {

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
