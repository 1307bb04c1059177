package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.report.ConflictReport;
import io.recsync.report.Format;
import io.recsync.report.HtmlReport;
import io.recsync.report.RunReportModel;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import java.nio.file.Path;
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

    @Option(names = "--html", paramLabel = "FILE", description = "Write the report as one self-contained HTML page instead"
            + " (summary, exit code and its meaning, per link and tenant totals, failures, conflicts, charts); it opens"
            + " offline. Written whole or not at all.")
    Path html;

    @Override
    public Integer call() {
        try (StateDatabase db = root.environment().openState(state.dbUrl)) {
            RunReportModel report = RunReportModel.load(db.jdbc(), runId, HtmlOutput.EXIT_MEANINGS)
                    .orElseThrow(() -> new ConfigException("--run " + runId + ": no such run; `recsync history` lists them"));
            RunRecord run = report.run();
            if (jobGiven != null) {
                String job = JobReference.resolve(jobGiven, root.environment(), db).name();
                if (!job.equals(run.job())) {
                    throw new ConfigException("--run " + runId + " is a run of job '" + run.job() + "', not of '" + job
                            + "'; `recsync history --job " + jobGiven + "` lists that job's runs");
                }
            }
            if (html != null) {
                HtmlOutput.write(html, new HtmlReport(root.environment().clock().instant()).run(report), "--html");
                root.out().println("Wrote the report of run " + runId + " to " + html);
                return 0;
            }
            if (state.format == Format.TABLE) {
                root.out().println(SummaryLine.of(run));
                String expired = SummaryLine.expired(new io.recsync.store.ExpiryStore(db.jdbc(), db.dialect())
                        .ofRun(run.executionId()));
                if (expired != null) {
                    root.out().println(expired);
                }
                if (run.tally().planNote() != null) {
                    root.out().println(run.tally().planNote());
                }
                root.out().println();
            }
            report.items().print(root.out(), state.format);
            if (state.format == Format.TABLE && !report.groups().isEmpty()) {
                root.out().println();
                root.out().println("Target groups (where this run's copies went):");
                io.recsync.report.Table groups = new io.recsync.report.Table("group", "link", "member", "copied", "fallback");
                report.groups().forEach(g -> groups.row(g.group(), g.link(), g.site(), g.copied(), g.fallback()));
                groups.print(root.out(), state.format);
            }
            if (state.format == Format.TABLE && !report.conflictsOpened().isEmpty()) {
                root.out().println();
                root.out().println("Conflicts opened by this run:");
                ConflictReport.list(report.conflictsOpened(), state.format).print(root.out(), state.format);
            }
            return 0;
        }
    }
}
