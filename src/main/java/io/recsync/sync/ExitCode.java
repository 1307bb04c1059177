package io.recsync.sync;

/**
 * recsync's exit codes, in one place: what cron, systemd and scripts act on. Documented in the
 * README; never renumber.
 */
public enum ExitCode {
    /** Everything planned is at its target and verified. */
    SUCCESS(0, "ok: everything planned is at its target and verified"),
    /** The run stopped (link down, state database lost, process error). A rerun resumes it. */
    FAILED(1, "the run stopped (link down, state database lost); a rerun resumes it"),
    /** Bad command line, configuration or manifest input; nothing was copied. */
    USAGE(2, "bad command line, configuration, credentials or input; nothing was copied"),
    /** Completed; new conflicts were logged for review (`recsync conflicts list`). */
    CONFLICTS(3, "completed; conflicts need a person (`recsync conflicts list`)"),
    /** Completed; some items failed permanently (see `recsync report --run ID`). */
    ITEMS_FAILED(4, "completed; some items failed (`recsync report --run ID`)"),
    /** Another run of this job holds the lock; nothing was done. */
    LOCKED(5, "another run of the job holds its lock; nothing was done"),
    /** A safety rail refused the run (a site looks unmounted, replaced or shrunk); nothing was copied. */
    REFUSED(6, "a safety rail refused the run (a site looks unmounted, replaced or shrunk)"),
    /**
     * Stopped at {@code --max-duration} or {@code --max-transfer}: copies in flight finished and
     * committed, no new one started; the rest is left for the next run, which resumes the plan.
     */
    STOPPED_AT_LIMIT(7, "stopped at --max-duration or --max-transfer; the rest is left, a rerun resumes"),
    /**
     * `recsync audit`: copies found missing, truncated, altered or unexpected and not (all) repaired;
     * each finding is listed, and a good copy exists elsewhere for every damaged one.
     */
    AUDIT_FINDINGS(8, "audit: copies missing, truncated, altered or unexpected (`recsync audit --job F --findings`)"),
    /** `recsync audit`: a recording's file has no good copy at any site. The loudest finding there is. */
    AUDIT_NO_GOOD_COPY(9, "audit: a recording has NO GOOD COPY at any site; restore it from backup"),
    /** `recsync audit --repair`: damage was found and every damaged or missing copy restored from a proven one. */
    AUDIT_REPAIRED(10, "audit: damage found and all of it repaired from proven copies (damaged files in quarantine)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** One line for `--help` and the README's table: generated from here, so they cannot drift. */
    public String meaning() {
        return meaning;
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
