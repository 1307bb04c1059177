package io.recsync.cli;

import io.recsync.report.HistoryReport;
import io.recsync.store.FullProofStore;
import io.recsync.store.RunLedger;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"One row per run, newest first; then, per target, when it was last proven in full.",
            "Each row: id, job, start, end, status, recordings copied, bytes, rate, conflicts, failed, and the sites a"
            + " resync proved in full."})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    StateOptions state;

    @Option(names = "--job", paramLabel = "FILE|NAME", description = "Only runs of this job: its job file, or its"
            + " name as history lists it. An unknown job is exit 2.")
    String jobGiven;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default 20).")
    int limit;

    @Override
    public Integer call() {
        try (StateDatabase db = root.environment().openState(state.dbUrl)) {
            String job = jobGiven == null ? null : JobReference.resolve(jobGiven, root.environment(), db).name();
            List<RunRecord> runs = new RunLedger(db.jdbc()).list(job, limit);
            if (runs.isEmpty() && state.format == io.recsync.report.Format.TABLE) {
                root.out().println("No runs yet" + (job == null ? "" : " of job '" + job + "'") + ".");
                return 0;
            }
            FullProofStore proofs = new FullProofStore(db.jdbc());
            HistoryReport.of(runs, proofs.sitesByRun(runs.stream().map(RunRecord::executionId).toList()), state.format)
                    .print(root.out(), state.format);
            if (state.format == io.recsync.report.Format.TABLE) {
                List<FullProofStore.Proof> latest = proofs.latest(job);
                if (!latest.isEmpty()) {
                    root.out().println();
                    HistoryReport.printProofs(root.out(), latest,
                            latest.stream().map(FullProofStore.Proof::job).distinct().count() > 1);
                }
            }
            return 0;
        }
    }
}
