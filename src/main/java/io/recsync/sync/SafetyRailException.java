package io.recsync.sync;

/**
 * A safety rail stopped the run before anything was copied: a site looks unmounted, replaced or
 * suddenly much smaller than last time. A person has to look (exit 6); {@code --force} overrides.
 */
public class SafetyRailException extends RuntimeException {

    public SafetyRailException(String message) {
        super(message);
    }
}
