package io.recsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.store.RunRecord;
import io.recsync.store.RunTally;

/**
 * `--json`: the run's result as one JSON object (the last line of stdout). The top-level counts
 * are the run's own and add up to {@code planned} (its share of the plan); {@code plan} holds the
 * plan's figures: its size, the run that made it, whether this run resumed it.
 */
final class RunJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    /** With {@code expired}: the run's recordings past each link target's retention (not copied back). */
    static String of(RunRecord r, java.util.Map<String, Long> expired) {
        ObjectNode n;
        try {
            n = (ObjectNode) JSON.readTree(of(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode e = n.putObject("expired");
        expired.forEach(e::put);
        return n.toString();
    }

    static String of(RunRecord r) {
        RunTally t = r.tally();
        ObjectNode n = JSON.createObjectNode();
        n.put("runId", r.executionId());
        n.put("planId", r.planId());
        n.put("job", r.job());
        n.put("status", r.status());
        n.put("exitCode", r.exitCode());
        n.put("planned", r.planned());
        n.put("copied", r.copied());
        n.put("bytesCopied", r.bytesCopied());
        n.put("skipped", r.skipped());
        n.put("failed", r.failed());
        n.put("held", t.held());
        kinds(n, "heldKinds", t.heldKinds());
        n.put("settled", t.settled());
        kinds(n, "settledKinds", t.settledKinds());
        n.put("inNewConflict", t.inNewConflict());
        n.put("targetChanged", t.targetChanged());
        n.put("left", t.left());
        n.put("conflicts", r.conflicts());
        kinds(n, "conflictKinds", t.newConflictKinds());
        n.put("released", t.released());
        if (t.releasedFrom() != null) {
            n.put("releasedFrom", t.releasedFrom());
        }
        n.put("durationMs", r.duration() == null ? 0 : r.duration().toMillis());
        ObjectNode plan = n.putObject("plan");
        plan.put("id", r.planId());
        plan.put("items", t.planItems());
        plan.put("madeByRun", t.planMadeBy() == 0 ? r.executionId() : t.planMadeBy());
        plan.put("resumed", t.resumedBy(r.executionId()));
        plan.put("failedEarlier", t.failedEarlier());
        if (t.planNote() != null) {
            n.put("planNote", t.planNote());
        }
        if (r.message() != null) {
            n.put("message", r.message());
        }
        return n.toString();
    }

    private static void kinds(ObjectNode n, String field, String kinds) {
        ArrayNode a = n.putArray(field);
        if (kinds != null) {
            for (String k : kinds.split(", ")) {
                a.add(k);
            }
        }
    }
}
