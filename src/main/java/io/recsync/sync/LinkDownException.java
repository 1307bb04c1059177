package io.recsync.sync;

/**
 * Too many consecutive items failed for transient reasons: the link or the site is down. The run
 * stops as failed (exit 1) with everything committed so far kept; the next run resumes.
 */
public class LinkDownException extends RuntimeException {

    public LinkDownException(String message) {
        super(message);
    }
}
