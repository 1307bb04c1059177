package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.report.ConflictReport;
import io.recsync.report.Format;
import io.recsync.report.RunReport;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.RunLedger;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import io.recsync.store.TransferItemStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "What happened to each recording of a run: copied, already present, failed with reason, conflict.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    StateOptions state;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "Run id, as `recsync history` shows it.")
    long runId;

    @Option(names = "--job", paramLabel = "FILE|NAME", description = "The run's job (its file or name): checks that the"
            + " run is that job's. An unknown job is exit 2.")
    String jobGiven;

    @Override
    public Integer call() {
        try (StateDatabase db = root.environment().openState(state.dbUrl)) {
            RunRecord run = new RunLedger(db.jdbc()).find(runId)
                    .orElseThrow(() -> new ConfigException("--run " + runId + ": no such run; `recsync history` lists them"));
            if (jobGiven != null) {
                String job = JobReference.resolve(jobGiven, root.environment(), db).name();
                if (!job.equals(run.job())) {
                    throw new ConfigException("--run " + runId + " is a run of job '" + run.job() + "', not of '" + job
                            + "'; `recsync history --job " + jobGiven + "` lists that job's runs");
                }
            }
            RunReport report = new RunReport();
            // This run's rows only: items an earlier run of its plan finished are that run's.
            new TransferItemStore(db.jdbc()).forEachOfRun(run.planId(), run.executionId(), report::add);
            if (state.format == Format.TABLE) {
                root.out().println(SummaryLine.of(run));
                if (run.tally().planNote() != null) {
                    root.out().println(run.tally().planNote());
                }
                root.out().println();
            }
            report.table().print(root.out(), state.format);
            List<ConflictRecord> opened = new ConflictStore(db.jdbc())
                    .list(new ConflictStore.Query(run.job(), null, null, null, null, 100_000)).stream()
                    .filter(c -> c.detectedExecutionId() != null && c.detectedExecutionId() == runId).toList();
            if (state.format == Format.TABLE && !opened.isEmpty()) {
                root.out().println();
                root.out().println("Conflicts opened by this run:");
                ConflictReport.list(opened, state.format).print(root.out(), state.format);
            }
            return 0;
        }
    }
}
