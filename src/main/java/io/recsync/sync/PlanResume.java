package io.recsync.sync;

import io.recsync.config.FilterSummary;
import io.recsync.config.LinkDefinition;
import io.recsync.config.SiteDefinition;
import io.recsync.store.PlanDefinitionStore;
import io.recsync.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a run resumes the job's last plan or makes a new one. A plan is resumed only when its
 * last run stopped with work left (items pending, or copies whose manifest segment is not written)
 * and the job is exactly what it was when the plan was made: the same sites (location, mode,
 * priority), the same links with the same filters and content, the same conflict policy, the same
 * command-line filter and link selection. Otherwise the plan's items not yet copied are dropped
 * (each row says why) and the run plans anew: a plan made for a wider job must never copy what
 * the job now excludes. The dry run asks the same question, so it shows what the run will do.
 */
public final class PlanResume {

    /**
     * @param resume whether the run carries on {@code planId} rather than planning
     * @param planId the job's last plan; 0 when there is none
     * @param madeBy the run that made that plan; 0 when unknown
     * @param planItems every item of that plan
     * @param left its items still pending
     * @param why when a plan with work left is not resumed, why, in a few words; null otherwise
     */
    public record Decision(boolean resume, long planId, long madeBy, long planItems, long left, String why) {

        static final Decision NONE = new Decision(false, 0, 0, 0, 0, null);

        /** Whether a plan with work left is given up for a new one. */
        public boolean drops() {
            return !resume && why != null;
        }

        /** The one line a run prints when it does not resume the job's last plan, or null. */
        public String droppedLine(long runId, boolean dryRun) {
            if (!drops()) {
                return null;
            }
            return "Plan " + planId + ofRun() + " is not resumed: " + why + "; its " + left + " item(s) not yet copied "
                    + (dryRun ? "would be dropped and a new plan made." : "were dropped and run " + runId
                            + " made a new plan.");
        }

        String ofRun() {
            return madeBy == 0 ? "" : " (made by run " + madeBy + ")";
        }
    }

    private PlanResume() {}

    /**
     * @param mayResume false for runs that always plan anew (a resync, a plan file): a plan with
     *     work left is then dropped, and the decision says so
     */
    public static Decision decide(SyncSession session, boolean mayResume) {
        Optional<RunRecord> lastRun = session.ledger().last(session.job().name());
        if (lastRun.isEmpty() || !stopped(lastRun.get())) {
            return Decision.NONE;
        }
        long planId = lastRun.get().planId();
        long pending = session.items().countPending(planId);
        if (pending == 0 && session.items().countUnpublished(planId) == 0) {
            // Nothing left (it failed before planning, or after everything was in place).
            return Decision.NONE;
        }
        List<Long> runs = session.ledger().runsOfPlan(planId);
        long madeBy = runs.isEmpty() ? 0 : runs.get(0);
        long items = session.items().countPlanned(planId);
        if (!mayResume) {
            String why = session.options().planIn() != null ? "this run executes the plan file "
                    + session.options().planIn().getFileName() : "a " + session.options().runKind() + " plans in full";
            return new Decision(false, planId, madeBy, items, pending, why);
        }
        Map<String, String> then = new PlanDefinitionStore(session.db().jdbc()).load(planId);
        if (then.isEmpty()) {
            return new Decision(false, planId, madeBy, items, pending, "its run stopped before the plan was complete");
        }
        String changed = differences(then, definition(session));
        return changed == null ? new Decision(true, planId, madeBy, items, pending, null)
                : new Decision(false, planId, madeBy, items, pending, "the job changed since (" + changed + ")");
    }

    /** Gives up the plan's items not yet copied, each row saying why. */
    public static void drop(SyncSession session, Decision d) {
        if (d.planId() > 0 && !d.resume()) {
            session.items().abandonPending(d.planId(), "dropped, not copied: plan " + d.planId() + " was not resumed: "
                    + (d.why() == null ? "a newer run planned anew" : d.why()));
        }
    }

    /** Records what the job is as the plan {@code planId} is completed: what a resume is checked against. */
    public static void recordDefinition(SyncSession session, long planId) {
        new PlanDefinitionStore(session.db().jdbc()).save(planId, definition(session));
    }

    /** The parts of the job a plan depends on, each a readable value so that a change can be named. */
    static Map<String, String> definition(SyncSession session) {
        return definition(session.job(), session.options(), site -> session.sites().connector(site).describe());
    }

    /**
     * @param location a site's storage location as its connector describes it (host, share, bucket, root)
     */
    static Map<String, String> definition(io.recsync.config.JobDefinition job, SyncOptions options,
            java.util.function.Function<String, String> location) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("plan source", options.planIn() == null ? "the job's links"
                : "plan file " + options.planIn().toAbsolutePath());
        parts.put("command-line filter", FilterSummary.of(options.filter()));
        parts.put("conflict policy", String.valueOf(job.conflictPolicy()));
        for (SiteDefinition s : job.sites().values()) {
            parts.put("site " + s.name(), location.apply(s.name()) + ", mode " + (s.readOnly() ? "ro" : "rw")
                    + ", priority " + s.priority());
        }
        for (LinkDefinition l : job.links()) {
            parts.put("link " + l.name(), l.from() + " -> " + l.to() + ", filter " + FilterSummary.of(l.filter()));
        }
        return parts;
    }

    /** What changed between two definitions, shortly (the first two changes); null when none. */
    static String differences(Map<String, String> then, Map<String, String> now) {
        Set<String> keys = new LinkedHashSet<>(then.keySet());
        keys.addAll(now.keySet());
        List<String> changes = new ArrayList<>();
        for (String k : keys) {
            String a = then.get(k);
            String b = now.get(k);
            if (a == null) {
                changes.add(k + " added");
            } else if (b == null) {
                changes.add(k + " removed");
            } else if (!a.equals(b)) {
                changes.add(k + ": " + shortDiff(a, b));
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        return String.join("; ", changes.subList(0, Math.min(2, changes.size())))
                + (changes.size() > 2 ? "; and " + (changes.size() - 2) + " more" : "");
    }

    /** "filter tenants=acme,globex -> filter tenants=acme": the values without their common head. */
    private static String shortDiff(String a, String b) {
        int common = 0;
        int cut = 0;
        while (common < a.length() && common < b.length() && a.charAt(common) == b.charAt(common)) {
            if ((a.charAt(common) == ',' || a.charAt(common) == ';') && common + 1 < a.length()
                    && a.charAt(common + 1) == ' ') {
                cut = common + 1; // at a field's start, not inside a list such as acme,globex
            }
            common++;
        }
        String x = a.substring(cut).strip();
        String y = b.substring(cut).strip();
        // ... and without their common tail, from a field's start: "mode rw -> mode ro".
        int tail = 0;
        int end = 0;
        while (tail < x.length() && tail < y.length()
                && x.charAt(x.length() - 1 - tail) == y.charAt(y.length() - 1 - tail)) {
            tail++;
            int at = x.length() - tail;
            if (at > 0 && x.startsWith(", ", at - 1) && y.length() - tail > 0 && y.startsWith(", ", y.length() - tail - 1)) {
                end = tail + 1;
            }
        }
        return x.substring(0, x.length() - end) + " -> " + y.substring(0, y.length() - end);
    }

    private static boolean stopped(RunRecord r) {
        // STARTED: a run that died (the run lock is held, so it is not running): recovered as failed.
        return "FAILED".equals(r.status()) || "STOPPED".equals(r.status()) || "STARTED".equals(r.status());
    }
}
