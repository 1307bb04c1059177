package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.Durations;
import io.recsync.config.JobDefinition;
import io.recsync.report.Format;
import io.recsync.report.JobHealth;
import io.recsync.report.StatusCheck;
import io.recsync.report.StatusCheck.State;
import io.recsync.report.StatusCheck.Thresholds;
import io.recsync.report.StatusCheck.Verdict;
import io.recsync.store.StateDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"How far each link of a job is behind now (backlog and lag), from the state database only: no"
            + " site is contacted. A monitoring plugin (Nagios/Icinga convention): the first line is"
            + " `RECSYNC OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata`, then one line per link.",
            "Its exit codes are the plugin's, NOT recsync's run exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"
            + " (job file unreadable, state database unreachable, job never run). Open conflicts, a last run that"
            + " failed or left failed items, and a link never indexed are WARNING. README: Monitoring."},
        exitCodeListHeading = "%nExit codes (Nagios plugin convention, not recsync's run codes):%n",
        exitCodeList = {"0:OK", "1:WARNING: a threshold's warning level, open conflicts, a failed last run",
            "2:CRITICAL: a threshold's critical level (lag, backlog, --crit-age), a held recording missing at a site,"
                + " recordings a source purges soon that no other site holds",
            "3:UNKNOWN: the job file or state database could not be read, or the job never ran"})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Mixin
    StateOptions state;

    @Option(names = "--job", required = true, paramLabel = "FILE", description = "The job file (its links and filters say"
            + " what each target should hold).")
    Path job;

    @Option(names = "--warn-lag", paramLabel = "DURATION", description = "WARNING when a link's oldest recording not yet"
            + " at its target is this old (e.g. 2h).")
    String warnLag;

    @Option(names = "--crit-lag", paramLabel = "DURATION", description = "CRITICAL at this lag (e.g. 12h).")
    String critLag;

    @Option(names = "--warn-backlog", paramLabel = "N", description = "WARNING when a link owes N recordings or more.")
    Long warnBacklog;

    @Option(names = "--crit-backlog", paramLabel = "N", description = "CRITICAL when a link owes N recordings or more.")
    Long critBacklog;

    @Option(names = "--crit-age", paramLabel = "DURATION", description = "CRITICAL when the last successful run (exit 0"
            + " or 3) ended this long ago or longer (e.g. 26h for a nightly job), or none ever succeeded.")
    String critAge;

    @Option(names = "--metrics-file", paramLabel = "PATH", description = {"Also write the job's metrics as they stand now"
            + " (backlog, lag, conflicts, the last run's counts) for node_exporter's textfile collector, atomically; give"
            + " it the runs' --metrics-file and run it every few minutes to keep backlog and lag current between runs."
            + " README: Monitoring."})
    Path metricsFile;

    @Override
    public Integer call() {
        Verdict verdict;
        String ledgerLine = null;
        try {
            Thresholds t = new Thresholds(duration("--warn-lag", warnLag), duration("--crit-lag", critLag), warnBacklog,
                    critBacklog, duration("--crit-age", critAge));
            JobDefinition definition = JobReference.load(job, root.environment()).job();
            if (state.format == Format.CSV) {
                throw new ConfigException("--format csv: status prints the plugin text (table, the default) or json");
            }
            try (StateDatabase db = root.environment().openState(state.dbUrl)) {
                JobHealth health = JobHealth.of(db, definition, root.environment().clock().instant());
                io.recsync.report.RetentionHealth retention = io.recsync.report.RetentionHealth.of(db, definition,
                        health.at());
                verdict = StatusCheck.judge(health, t, definition, retention);
                io.recsync.store.LedgerStore.Head head = new io.recsync.store.LedgerStore(db.jdbc()).head(definition.name());
                ledgerLine = "ledger: " + head.seq() + " entries, head " + head.hash().substring(0, 12) + "..., "
                        + (definition.ledger().signs() ? "signed" : "unsigned (no ledger.signingKeyFile in the job)");
                if (metricsFile != null) {
                    io.recsync.report.RecsyncMetrics m = io.recsync.report.MetricsExport.current(db, health);
                    m.retention(health.job(), retention);
                    writeMetrics(m);
                }
            }
        } catch (RuntimeException e) {
            // Whatever kept the check from judging is UNKNOWN (exit 3), never a crash or recsync's
            // exit 1/2, which a monitoring system would read as WARNING/CRITICAL.
            verdict = StatusCheck.unknown(oneLine(e));
        }
        root.out().print(state.format == Format.JSON ? verdict.json() + "\n" : verdict.text());
        if (state.format != Format.JSON && ledgerLine != null) {
            root.out().println(ledgerLine);
        }
        return verdict.state().code();
    }

    /** The metrics file is a by-product: failing to write it is said on stderr, and the check's verdict stands. */
    private void writeMetrics(io.recsync.report.RecsyncMetrics metrics) {
        try {
            metrics.writeTextfile(metricsFile);
        } catch (java.io.IOException | RuntimeException e) {
            root.err().println("warning: --metrics-file " + metricsFile + ": could not write it (" + e + "); check that its"
                    + " directory exists and is writable by this user");
        }
    }

    private static Duration duration(String option, String given) {
        if (given == null) {
            return null;
        }
        try {
            Duration d = Durations.parse(given);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("it must be longer than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + " " + given + ": " + e.getMessage() + " (e.g. 90m, 2h, 1d)");
        }
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('|', '/');
    }

    /** A usage error of `status` (an unknown option): UNKNOWN in the plugin convention. */
    static int usageError(String message, java.io.PrintStream out) {
        out.println("RECSYNC " + State.UNKNOWN + " - " + message.replace('\n', ' ').replace('|', '/')
                + "; see `recsync status --help`");
        return State.UNKNOWN.code();
    }
}
