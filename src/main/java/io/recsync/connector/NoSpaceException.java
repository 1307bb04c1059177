package io.recsync.connector;

/**
 * The target has no room left (full disk, exhausted quota). Permanent for this attempt, but a
 * condition of the site, not of the recording: the sync leaves the item pending and stops, and
 * the run after someone freed space copies it. Never a reason to mark a recording failed.
 */
public class NoSpaceException extends PermanentStorageException {

    public NoSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
