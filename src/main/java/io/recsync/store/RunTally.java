package io.recsync.store;

/**
 * A run's counts beyond the ledger's first ones, and its plan's. The run's share of its plan
 * ({@link RunRecord#planned}: what the plan still owed when the run started) is split so that
 * each item is in exactly one count: copied, already present, failed, plus these.
 *
 * @param planItems every item of the run's plan, whichever run finished it
 * @param planMadeBy the run that made the plan (this run's id unless it resumed a plan); 0 unknown
 * @param held items not copied because an open conflict on record (not new) holds them
 * @param heldKinds those conflicts' kinds, comma-separated; null for none
 * @param settled items not copied as a person decided (the conflict holding them is resolved)
 * @param settledKinds their kinds, comma-separated; null for none
 * @param inNewConflict items not copied because this run opened a conflict about them
 * @param newConflictKinds the kinds of every conflict this run opened, comma-separated; null for none
 * @param targetChanged metadata updates not made because the target's file changed since planning
 * @param left items still pending when the run ended (the next run resumes them)
 * @param failedEarlier items of the plan an earlier run of it failed for good (not in this run's share)
 * @param planNote why the job's last plan was not resumed, when it was dropped for this run's; null otherwise
 * @param released fallback copies of target groups this run deleted (release: true), each proven at its preferred member
 * @param releasedFrom where from, per site: {@code cold 15}; null for none
 */
public record RunTally(long planItems, long planMadeBy, long held, String heldKinds, long settled, String settledKinds,
        long inNewConflict, String newConflictKinds, long targetChanged, long left, long failedEarlier, String planNote,
        long released, String releasedFrom) {

    /** For a row written before these counts existed. */
    public static final RunTally NONE = new RunTally(0, 0, 0, null, 0, null, 0, null, 0, 0, 0, null, 0, null);

    public RunTally(long planItems, long planMadeBy, long held, String heldKinds, long settled, String settledKinds,
            long inNewConflict, String newConflictKinds, long targetChanged, long left, long failedEarlier, String planNote) {
        this(planItems, planMadeBy, held, heldKinds, settled, settledKinds, inNewConflict, newConflictKinds, targetChanged,
                left, failedEarlier, planNote, 0, null);
    }

    /** Whether the run carried on a plan an earlier run made. */
    public boolean resumedBy(long executionId) {
        return planMadeBy != 0 && planMadeBy != executionId;
    }

    public RunTally withPlanNote(String note) {
        return new RunTally(planItems, planMadeBy, held, heldKinds, settled, settledKinds, inNewConflict, newConflictKinds,
                targetChanged, left, failedEarlier, note, released, releasedFrom);
    }
}
