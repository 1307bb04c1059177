package io.recsync.connector.sftp;

import io.recsync.connector.AccessDeniedException;

/** The server's host key is unknown or changed: nothing was sent to it. Retrying will not help. */
public final class HostKeyRejectedException extends AccessDeniedException {

    private final String offeredFingerprint;

    HostKeyRejectedException(String message, String offeredFingerprint, Throwable cause) {
        super(message, cause);
        this.offeredFingerprint = offeredFingerprint;
    }

    /** {@code SHA256:...} of the key the server offered, null if it offered none. */
    public String offeredFingerprint() {
        return offeredFingerprint;
    }
}
