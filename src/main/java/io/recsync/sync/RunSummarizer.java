package io.recsync.sync;

import io.recsync.config.ConfigException;
import io.recsync.store.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Turns what an execution did (rows in the state database) into its ledger row and exit code. */
public final class RunSummarizer {

    private final SyncSession session;

    public RunSummarizer(SyncSession session) {
        this.session = session;
    }

    /**
     * @param failures the exceptions that stopped the run; empty when it completed
     */
    public RunRecord summarize(long executionId, long planId, Instant startedAt, List<Throwable> failures) {
        Map<String, long[]> outcomes = session.items().outcomesOf(executionId);
        // A metadata update is a verified copy of the sidecar too.
        long copied = count(outcomes, "COPIED") + count(outcomes, "METADATA_UPDATED");
        long bytes = outcomes.values().stream().mapToLong(v -> v[1]).sum();
        long skipped = count(outcomes, "ALREADY_PRESENT");
        long failedNow = count(outcomes, "SOURCE_MISSING") + count(outcomes, "ACCESS_DENIED") + count(outcomes, "ERROR");
        // A resumed plan answers for the whole plan: items an earlier, stopped run of it failed for
        // good are not copied by this one, and must not let it report success.
        long failedBefore = session.items().countFailedBefore(planId, executionId);
        long failed = failedNow + failedBefore;
        long conflicts = session.conflicts().countDetectedBy(executionId);
        long planned = session.items().countPlanned(planId);
        ExitCode exit;
        String status;
        String message;
        if (!failures.isEmpty()) {
            Throwable cause = rootCause(failures);
            // A site that stops the whole run with a lasting error (login or host key refused, bucket or
            // share missing) is configuration to fix (exit 2), not a link to wait for (exit 1); a full
            // disk is waited out like a link. Per-item errors are item failures (exit 4).
            boolean badInput = cause instanceof InvalidInputException || cause instanceof ConfigException
                    || (cause instanceof io.recsync.connector.StorageException se && !se.isTransient()
                            && !(se instanceof io.recsync.connector.NoSpaceException));
            exit = cause instanceof SafetyRailException ? ExitCode.REFUSED : badInput ? ExitCode.USAGE : ExitCode.FAILED;
            status = "FAILED";
            message = cause.getMessage();
        } else if (failed > 0) {
            exit = ExitCode.ITEMS_FAILED;
            status = "COMPLETED";
            message = failed + " item(s) failed" + (failedBefore > 0 ? " (" + failedBefore + " in an earlier run of this"
                    + " plan)" : "") + "; see `recsync report --run " + executionId + "`"
                    + (failedBefore > 0 ? " and the earlier runs in `recsync history`" : "");
        } else if (conflicts > 0) {
            exit = ExitCode.CONFLICTS;
            status = "COMPLETED";
            message = conflicts + " new conflict(s); review with `recsync conflicts list --job " + session.job().name() + "`";
        } else {
            exit = ExitCode.SUCCESS;
            status = "COMPLETED";
            message = null;
        }
        if (failures.isEmpty() && failed == 0) {
            // Everything the plan found is in place or on record: an unchanged plan need not run again.
            new io.recsync.store.PlanSignatureStore(session.db().jdbc()).confirm(session.job().name(), planId);
        }
        return new RunRecord(executionId, planId, session.job().name(), session.options().runKind(), startedAt,
                Instant.now(), status, exit.code(), planned, copied, bytes, skipped, failed, conflicts, message);
    }

    /**
     * Whether the run stopped because a link was down: its root cause is a {@link LinkDownException}
     * or a transient storage failure (timeouts, resets). Only such a run is worth retrying unattended.
     */
    public static boolean isLinkDown(List<Throwable> failures) {
        if (failures == null || failures.isEmpty()) {
            return false;
        }
        Throwable cause = rootCause(failures);
        return cause instanceof LinkDownException
                || (cause instanceof io.recsync.connector.StorageException s && s.isTransient());
    }

    /** The first failure that says what went wrong (not the framework's wrapper around it). */
    static Throwable rootCause(List<Throwable> failures) {
        for (Throwable t : failures) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof InvalidInputException || c instanceof ConfigException || c instanceof LinkDownException
                        || c instanceof SafetyRailException
                        || c instanceof io.recsync.connector.StorageException
                        || c instanceof io.recsync.store.StateUnavailableException) {
                    return c;
                }
            }
        }
        Throwable t = failures.get(0);
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static long count(Map<String, long[]> outcomes, String key) {
        long[] v = outcomes.get(key);
        return v == null ? 0 : v[0];
    }
}
