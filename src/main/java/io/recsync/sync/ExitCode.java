package io.recsync.sync;

/**
 * recsync's exit codes, in one place: what cron, systemd and scripts act on. Documented in the
 * README; never renumber.
 */
public enum ExitCode {
    /** Everything planned is at its target and verified. */
    SUCCESS(0),
    /** The run stopped (link down, state database lost, process error). A rerun resumes it. */
    FAILED(1),
    /** Bad command line, configuration or manifest input; nothing was copied. */
    USAGE(2),
    /** Completed; new conflicts were logged for review (`recsync conflicts list`). */
    CONFLICTS(3),
    /** Completed; some items failed permanently (see `recsync report --run ID`). */
    ITEMS_FAILED(4),
    /** Another run of this job holds the lock; nothing was done. */
    LOCKED(5),
    /** A safety rail refused the run (a site looks unmounted, replaced or shrunk); nothing was copied. */
    REFUSED(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ExitCode of(int code) {
        for (ExitCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("no exit code " + code);
    }
}
