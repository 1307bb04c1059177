package io.recsync.cli;

import io.recsync.config.JobLoader;
import io.recsync.report.Format;
import io.recsync.report.Table;
import io.recsync.sync.ExitCode;
import io.recsync.sync.SiteCheck;
import io.recsync.sync.SiteLatency;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sites", mixinStandardHelpOptions = true, description = "Check the sites of a job.",
        subcommands = {SitesCommand.Check.class})
final class SitesCommand implements Runnable {

    @ParentCommand
    Recsync root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Prove every site of a job can be used as a run uses it.",
                "For every site: connect, authenticate, list, and (unless read-only) write, read back and delete a"
                + " probe object under .recsync/. Prints the time taken, the latency (best of 3 stats, which ranks"
                + " sources of equal priority) and what failed.",
                "The job and its profiles get every check a run makes first. A failing site ends the command as it would"
                + " end a run: exit 2 for a cause to fix (login or host key refused, share or bucket missing), exit 1"
                + " for one to wait out (unreachable)."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        SitesCommand parent;

        @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML), e.g. jobs/nightly.yml.")
        Path job;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default), csv or json.")
        Format format;

        @Override
        public Integer call() {
            Recsync root = parent.root;
            var loaded = JobReference.load(job, root.environment());
            JobReference.warnFirst(loaded, root.err());
            List<SiteCheck.Result> results = new SiteCheck(root.environment().catalog()).checkAll(loaded.job());
            Table t = new Table("site", "location", "result", "checked", "ms", "latency_ms", "problem");
            for (SiteCheck.Result r : results) {
                // latency_ms is what the planner ranks equal-priority sources by (best of 3 stats).
                t.row(r.site(), r.location(), r.ok() ? "OK" : "FAILED", r.checked(), r.millis(),
                        r.latency() == null || r.latency().equals(SiteLatency.UNKNOWN) ? null : r.latency().toMillis(),
                        r.problem());
            }
            t.print(root.out(), format);
            return SiteCheck.exitOf(results).code();
        }
    }
}
