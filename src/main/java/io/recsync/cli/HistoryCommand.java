package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.report.Format;
import io.recsync.report.HistoryModel;
import io.recsync.report.HistoryReport;
import io.recsync.report.HtmlReport;
import io.recsync.store.FullProofStore;
import io.recsync.store.StateDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"One row per run, newest first; then, per target, when it was last proven in full.",
            "Each row: id, job, start, end, status, recordings copied, bytes, rate, conflicts, failed, and the sites a"
            + " resync proved in full."})
final class HistoryCommand implements Callable<Integer> {

    /** Runs an HTML history holds when --limit is not given: charts want more than a screenful. */
    static final int HTML_LIMIT = 1000;
    private static final Pattern AGO = Pattern.compile("(\\d+)([dhm])");

    @ParentCommand
    Recsync root;

    @Mixin
    StateOptions state;

    @Option(names = "--job", paramLabel = "FILE|NAME", description = "Only runs of this job: its job file, or its"
            + " name as history lists it. An unknown job is exit 2.")
    String jobGiven;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default 20; 1000 with --html).")
    Integer limit;

    @Option(names = "--since", paramLabel = "AGE|DATE", description = "Only runs started in the last AGE (30d, 12h,"
            + " 90m) or since DATE (2026-11-01, UTC).")
    String since;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the history as one self-contained HTML page"
            + " instead (charts of recordings and bytes per run, run duration, conflicts per day; a table of runs); it"
            + " opens offline. Written whole or not at all.")
    Path html;

    @Override
    public Integer call() {
        Instant from = since == null ? null : since(since, root.environment().clock().instant());
        int max = limit != null ? limit : html != null ? HTML_LIMIT : 20;
        try (StateDatabase db = root.environment().openState(state.dbUrl)) {
            String job = jobGiven == null ? null : JobReference.resolve(jobGiven, root.environment(), db).name();
            HistoryModel history = HistoryModel.load(db, job, from, max, HtmlOutput.EXIT_MEANINGS);
            if (html != null) {
                HtmlOutput.write(html, new HtmlReport(root.environment().clock().instant()).history(history), "--html");
                root.out().println("Wrote the history of " + (job == null ? "every job" : "job '" + job + "'") + " ("
                        + history.runs().size() + " run(s)) to " + html);
                return 0;
            }
            if (history.runs().isEmpty() && state.format == Format.TABLE) {
                root.out().println("No runs" + (from == null ? " yet" : " since " + from) + (job == null ? "" : " of job '"
                        + job + "'") + ".");
                return 0;
            }
            HistoryReport.of(history.runs(), history.provenInFull(), state.format).print(root.out(), state.format);
            if (state.format == Format.TABLE) {
                List<FullProofStore.Proof> latest = history.latestProofs();
                if (!latest.isEmpty()) {
                    root.out().println();
                    HistoryReport.printProofs(root.out(), latest,
                            latest.stream().map(FullProofStore.Proof::job).distinct().count() > 1);
                }
                if (job != null) {
                    // The job's last audit (README "Audit and repair"): its own runs are listed by `recsync audit --history`.
                    new io.recsync.store.AuditStore(db.jdbc()).history(job, 1).forEach(a -> root.out().println(
                            "last audit: " + a.auditId() + " started " + a.startedAt() + ", " + a.status()
                                    + (a.exitCode() == null ? "" : " exit " + a.exitCode()) + ": " + a.checked()
                                    + " copies checked, " + a.findings() + " finding(s), " + a.repaired() + " repaired, "
                                    + a.noGoodCopy() + " with no good copy (`recsync audit --job ... --findings "
                                    + a.auditId() + "`)"));
                }
            }
            return 0;
        }
    }

    /** {@code 30d}, {@code 12h}, {@code 90m} before now, or a UTC date. */
    static Instant since(String given, Instant now) {
        String s = given.trim().toLowerCase(Locale.ROOT);
        Matcher m = AGO.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return now.minus(d);
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException("--since " + given + ": expected an age such as 30d, 12h or 90m, or a date such as"
                    + " 2026-11-01");
        }
    }
}
