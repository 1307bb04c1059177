package io.recsync.cli;

import io.recsync.report.HistoryReport;
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
        description = "One row per run, newest first: id, job, start, end, status, files copied, bytes, rate, conflicts, failed.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    StateOptions state;

    @Option(names = "--job", paramLabel = "NAME", description = "Only runs of this job (its 'name:').")
    String job;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default 20).")
    int limit;

    @Override
    public Integer call() {
        try (StateDatabase db = root.environment().openState(state.dbUrl)) {
            List<RunRecord> runs = new RunLedger(db.jdbc()).list(job, limit);
            if (runs.isEmpty() && state.format == io.recsync.report.Format.TABLE) {
                root.out().println("No runs yet" + (job == null ? "" : " of job '" + job + "'") + ".");
                return 0;
            }
            HistoryReport.of(runs, state.format).print(root.out(), state.format);
            return 0;
        }
    }
}
