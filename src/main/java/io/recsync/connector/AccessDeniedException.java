package io.recsync.connector;

/** Authentication failed or the credentials may not do this; retrying will not help. */
public class AccessDeniedException extends StorageException {

    public AccessDeniedException(String message) {
        super(message, null);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
