package io.recsync.store;

/** The state database cannot be reached or migrated: the run cannot start or go on (exit 1). */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
