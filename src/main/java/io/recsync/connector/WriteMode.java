package io.recsync.connector;

/** What {@link Connector#put} does when the final name already exists. */
public enum WriteMode {
    /** Refuse: throw {@link AlreadyExistsException}. Recordings are never overwritten by a copy. */
    CREATE_NEW,
    /** Replace atomically (metadata updates only; the caller has quarantined the old object). */
    REPLACE
}
