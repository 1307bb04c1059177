package io.recsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.store.RunRecord;

/** `--json`: the run's result as one JSON object (the last line of stdout). */
final class RunJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    static String of(RunRecord r) {
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
        n.put("conflicts", r.conflicts());
        n.put("durationMs", r.duration() == null ? 0 : r.duration().toMillis());
        if (r.message() != null) {
            n.put("message", r.message());
        }
        return n.toString();
    }
}
