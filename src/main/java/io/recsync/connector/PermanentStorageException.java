package io.recsync.connector;

/** The operation will fail again as it is (bad request, no space left, unsupported). */
public class PermanentStorageException extends StorageException {

    public PermanentStorageException(String message) {
        super(message, null);
    }

    public PermanentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
