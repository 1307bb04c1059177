package io.recsync.cli;

import io.recsync.report.Units;
import io.recsync.store.RunRecord;
import io.recsync.store.RunTally;

/**
 * The one line a run leaves for cron mail and journald. Every number is the run's own: "N planned"
 * is its share of the plan, and the counts after it add up to N (copied, already present, failed,
 * and, when not zero, held by an open conflict, kept as a person decided, stopped by a new
 * conflict, not updated because the target changed, left for the next run). A run that resumed a
 * plan says so beside N, with the plan's own size. "new conflicts" counts disagreements (some
 * concern no planned item), so it is apart from the items' counts.
 */
final class SummaryLine {

    private SummaryLine() {}

    static String of(RunRecord r) {
        RunTally t = r.tally();
        StringBuilder b = new StringBuilder();
        b.append("recsync ").append(r.job()).append(" run ").append(r.executionId()).append(' ').append(r.status())
                .append(" in ").append(Units.duration(r.duration())).append(": ")
                .append(r.planned()).append(" planned");
        if (t.resumedBy(r.executionId())) {
            b.append(" (left of plan ").append(r.planId()).append("'s ").append(t.planItems()).append(", made by run ")
                    .append(t.planMadeBy());
            if (t.failedEarlier() > 0) {
                b.append("; ").append(t.failedEarlier()).append(" of them failed in an earlier run");
            }
            b.append(')');
        }
        b.append(", ").append(r.copied()).append(" copied (").append(Units.bytes(r.bytesCopied()))
                .append(" at ").append(Units.rate(r.bytesPerSecond())).append("), ")
                .append(r.skipped()).append(" already present, ")
                .append(r.failed()).append(" failed");
        optional(b, t.held(), "held by an open conflict", t.heldKinds());
        optional(b, t.settled(), "kept as a person decided a conflict", t.settledKinds());
        optional(b, t.inNewConflict(), "stopped by a new conflict", null);
        optional(b, t.targetChanged(), "not updated: the target's metadata changed since planning", null);
        optional(b, t.left(), "left for the next run", null);
        if (t.released() > 0) {
            // Not one of the planned items' counts: a release deletes a fallback copy (release: true).
            b.append(", released ").append(t.released()).append(t.released() == 1 ? " fallback copy" : " fallback copies")
                    .append(" from ").append(t.releasedFrom().contains(", ") ? t.releasedFrom()
                            : t.releasedFrom().substring(0, t.releasedFrom().lastIndexOf(' ')));
        }
        b.append(", ").append(r.conflicts()).append(r.conflicts() == 1 ? " new conflict" : " new conflicts");
        if (r.conflicts() > 0 && t.newConflictKinds() != null) {
            b.append(": ").append(t.newConflictKinds());
        }
        if (r.exitCode() != null) {
            b.append(" [exit ").append(r.exitCode()).append(']');
        }
        if (r.message() != null && !r.message().isBlank()) {
            b.append(" - ").append(r.message().replace('\n', ' '));
        }
        return b.toString();
    }

    /**
     * {@code expired (past the target's retention, not copied back, not missing): hq->dr 12}, or
     * null when the run found none.
     */
    static String expired(java.util.Map<String, Long> byLink) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        byLink.forEach((link, n) -> {
            if (n > 0) {
                parts.add(link + " " + n);
            }
        });
        return parts.isEmpty() ? null : "expired (past the target's retention: not copied back, not missing): "
                + String.join(", ", parts);
    }

    private static void optional(StringBuilder b, long n, String what, String kinds) {
        if (n > 0) {
            b.append(", ").append(n).append(' ').append(what);
            if (kinds != null) {
                b.append(": ").append(kinds);
            }
        }
    }
}
