package io.recsync.connector;

/** The final name is taken and the write mode forbids replacing it. */
public class AlreadyExistsException extends StorageException {

    public AlreadyExistsException(String message) {
        super(message, null);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
