package io.recsync.sync;

import io.recsync.config.ConfigException;
import io.recsync.store.RunRecord;
import io.recsync.store.RunTally;
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
     * Counts are the run's own: its share of the plan (what the plan still owed when it started)
     * split so that each item is in exactly one count; the plan's figures beside them.
     *
     * @param failures the exceptions that stopped the run; empty when it completed
     */
    public RunRecord summarize(long executionId, long planId, Instant startedAt, List<Throwable> failures) {
        Map<String, long[]> outcomes = session.items().outcomesOf(executionId);
        // A metadata update is a verified copy of the sidecar too.
        long copied = count(outcomes, "COPIED") + count(outcomes, "METADATA_UPDATED");
        long bytes = outcomes.values().stream().mapToLong(v -> v[1]).sum();
        long skipped = count(outcomes, "ALREADY_PRESENT");
        long targetChanged = count(outcomes, "TARGET_CHANGED");
        long failed = count(outcomes, "SOURCE_MISSING") + count(outcomes, "ACCESS_DENIED") + count(outcomes, "ERROR");
        // A resumed plan answers for the whole plan: items an earlier, stopped run of it failed for
        // good are not copied by this one, and must not let it report success.
        long failedEarlier = session.items().countFailedBefore(planId, executionId);
        String job = session.job().name();
        Holds holds = new Holds();
        session.items().conflictHolds(job, executionId).forEach(holds::add);
        java.util.SortedMap<String, Long> newKinds = session.conflicts().kindsDetectedBy(executionId);
        long conflicts = newKinds.values().stream().mapToLong(Long::longValue).sum();
        long left = session.items().countPending(planId);
        long share = session.items().countFinishedBy(executionId) + left;
        List<Long> runsOfPlan = session.ledger().runsOfPlan(planId);
        long madeBy = runsOfPlan.isEmpty() ? executionId : runsOfPlan.get(0);
        ExitCode exit;
        String status;
        String message;
        if (!failures.isEmpty()) {
            Throwable cause = rootCause(failures);
            exit = exitFor(cause);
            // A run cut at its window is not a failure: a site is left behind, and the history says so.
            status = exit == ExitCode.STOPPED_AT_LIMIT ? "STOPPED" : "FAILED";
            message = cause.getMessage();
            java.sql.SQLException lost = stateLost(failures);
            if (lost != null && exit == ExitCode.FAILED) {
                // "Connection is closed" alone says nothing an operator can act on.
                message = "the state database was lost mid-run (" + lost.getMessage() + "); everything committed"
                        + " before it (every verified copy) is kept, and the next run resumes where this one stopped";
            }
        } else if (failed + failedEarlier > 0) {
            exit = ExitCode.ITEMS_FAILED;
            status = "COMPLETED";
            message = (failed > 0 ? failed + " item(s) failed; see `recsync report --run " + executionId + "`" : "")
                    + (failed > 0 && failedEarlier > 0 ? "; " : "")
                    + (failedEarlier > 0 ? failedEarlier + " item(s) failed in an earlier run of this plan (plan " + planId
                            + "); see `recsync report --run` of the earlier runs in `recsync history`" : "");
        } else if (conflicts > 0 || holds.open > 0) {
            // Open conflicts that hold planned recordings back leave a site short: a person must
            // hear of it every run until someone settles them, not only the night they appeared.
            exit = ExitCode.CONFLICTS;
            status = "COMPLETED";
            message = (conflicts > 0 ? conflicts + " new conflict(s): " + kinds(newKinds.keySet()) : "")
                    + (conflicts > 0 && holds.open > 0 ? "; " : "")
                    + (holds.open > 0 ? holds.open + " item(s) held by an open conflict: " + kinds(holds.openKinds) : "")
                    + "; review with `recsync conflicts list --job " + jobArgument() + "`";
        } else {
            exit = ExitCode.SUCCESS;
            status = "COMPLETED";
            message = null;
        }
        if (failures.isEmpty() && failed + failedEarlier == 0 && holds.open == 0 && holds.fresh == 0) {
            // Everything the plan found is in place or settled: an unchanged plan need not run again.
            new io.recsync.store.PlanSignatureStore(session.db().jdbc()).confirm(job, planId);
        }
        RunTally tally = new RunTally(session.items().countPlanned(planId), madeBy, holds.open, kinds(holds.openKinds),
                holds.settled, kinds(holds.settledKinds), holds.fresh, kinds(newKinds.keySet()), targetChanged, left,
                failedEarlier, session.planDecision().droppedLine(executionId, false));
        return new RunRecord(executionId, planId, job, session.options().runKind(), startedAt, Instant.now(), status,
                exit.code(), share, copied, bytes, skipped, failed, conflicts, message, tally);
    }

    /** What `--job` takes to reach this run's job: the file it was run with (any name resolves to it). */
    private String jobArgument() {
        java.nio.file.Path file = session.job().file();
        if (file == null) {
            return session.job().name();
        }
        String shown = file.toString();
        return shown.matches("[A-Za-z0-9_./:@%+=,-]+") ? shown : "'" + shown.replace("'", "'\\''") + "'";
    }

    /** A run's items that a conflict kept from being copied, by what holds them. */
    private static final class Holds {
        long fresh;
        long open;
        long settled;
        final java.util.Set<String> openKinds = new java.util.TreeSet<>();
        final java.util.Set<String> settledKinds = new java.util.TreeSet<>();

        void add(io.recsync.store.TransferItemStore.ConflictHold h) {
            switch (h.hold()) {
                case "NEW" -> fresh += h.n();
                case "OPEN" -> {
                    open += h.n();
                    openKinds.add(h.kind());
                }
                default -> {
                    settled += h.n();
                    settledKinds.add(h.kind());
                }
            }
        }
    }

    private static String kinds(java.util.Collection<String> kinds) {
        return kinds.isEmpty() ? null : String.join(", ", kinds);
    }

    /**
     * The one mapping from what stopped a run (or a `sites check` probe) to its exit code, so the same
     * cause gives the same code in every command. A site that fails with a lasting error (login or
     * host key refused, bucket or share missing) is configuration to fix (exit 2), not a link to wait
     * for (exit 1); a full disk is waited out like a link. Per-item errors are item failures (exit 4),
     * counted elsewhere.
     */
    public static ExitCode exitFor(Throwable failure) {
        Throwable cause = rootCause(List.of(failure));
        if (cause instanceof SafetyRailException) {
            return ExitCode.REFUSED;
        }
        if (cause instanceof StoppedAtLimitException) {
            return ExitCode.STOPPED_AT_LIMIT;
        }
        boolean badInput = cause instanceof InvalidInputException || cause instanceof ConfigException
                || (cause instanceof io.recsync.connector.StorageException se && !se.isTransient()
                        && !(se instanceof io.recsync.connector.NoSpaceException));
        return badInput ? ExitCode.USAGE : ExitCode.FAILED;
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
                        || c instanceof SafetyRailException || c instanceof StoppedAtLimitException
                        || c instanceof PartitionFailedException
                        || c instanceof StopRequestedException
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

    /** The lost connection to the state database that stopped the run, or null. */
    static java.sql.SQLException stateLost(List<Throwable> failures) {
        for (Throwable t : failures) {
            java.sql.SQLException lost = io.recsync.store.StateUnavailableException.connectionLost(t);
            if (lost != null) {
                return lost;
            }
        }
        return null;
    }

    private static long count(Map<String, long[]> outcomes, String key) {
        long[] v = outcomes.get(key);
        return v == null ? 0 : v[0];
    }
}
