package io.recsync.connector;

/** The bytes written do not hash to (or do not count up to) what was expected; nothing was published. */
public class ChecksumMismatchException extends StorageException {

    public ChecksumMismatchException(String message) {
        super(message, null);
    }

    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
