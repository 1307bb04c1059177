package io.recsync.report;

import io.recsync.store.TransferItemStore;

/** `recsync report --run ID`: what happened to each recording of the run's plan. */
public final class RunReport {

    private final Table table = new Table("item", "link", "recording", "tenant", "group", "path", "size", "status",
            "outcome", "bytesCopied", "attempts", "run", "message", "worker");

    public void add(TransferItemStore.ReportRow r) {
        table.row(r.itemId(), r.link(), r.recordingId(), r.tenant(), r.group(), r.audioPath(), r.audioSize(), r.status(),
                r.outcome(), r.bytesCopied(), r.attempts(), r.finishedExecutionId(), r.message(), r.worker());
    }

    public Table table() {
        return table;
    }
}
