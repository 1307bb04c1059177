package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.FilterParser;
import io.recsync.config.JobDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.config.Schedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by `sync` and `resync`. */
public final class RunOptions {

    @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML), e.g. jobs/nightly.yml.")
    Path job;

    @Option(names = "--tenant", paramLabel = "T", description = "Only recordings of this tenant (repeatable).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--group", paramLabel = "G", description = "Only recordings of this group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--since", paramLabel = "DATE", description = "Only recordings made at or after DATE (2026-11-01, an ISO"
            + " instant, or a span back from now: 12h, 7d, 2w).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Only recordings made before DATE (same forms as --since).")
    String until;

    @Option(names = "--schedule", paramLabel = "CLASS", description = {
            "Only the job's links of this schedule class: continuous, hourly or nightly (a link's `schedule:`)."
            + " Links without a schedule are taken only by runs without --schedule."})
    String schedule;

    @Option(names = "--skip-invalid", description = "Copy the valid recordings of a manifest that has bad lines; each bad line is reported.")
    boolean skipInvalid;

    @Option(names = "--force", description = "Run past the safety rails: a site whose root lacks (or has another)"
            + " .recsync/site-id, a scanned source that shrank by more than 10%%. Check the site first.")
    boolean force;

    @Option(names = "--json", description = "Print the run's result as one JSON object, the last line of stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (the exit code tells the result).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print each warning and every item that did not copy cleanly.")
    boolean verbose;

    @Option(names = "--db-url", paramLabel = "URL", description = "State database (default: RECSYNC_DB_URL, else H2 under RECSYNC_HOME).")
    String dbUrl;

    @Option(names = "--metrics-file", paramLabel = "PATH", description = {"At the end of the run (also a failed one),"
            + " write its Prometheus metrics to PATH for node_exporter's textfile collector (e.g."
            + " /var/lib/node_exporter/textfile/recsync-nightly.prom), atomically: a temporary file beside it, then a"
            + " rename. README: Monitoring."})
    Path metricsFile;

    @Option(names = "--pushgateway", paramLabel = "URL", description = {"At the end of the run, push its metrics to"
            + " this Prometheus Pushgateway (base URL, e.g. http://pushgw:9091; overrides the job's metrics.pushgateway)."})
    String pushgateway;

    /** Not an option: the demo sets it for sites it just made, so the state's memory of older ones is rescanned. */
    boolean fullRescan;

    boolean hasFilters() {
        return !tenants.isEmpty() || !groups.isEmpty() || since != null || until != null;
    }

    @Option(names = "--retry-until", paramLabel = "DURATION", description = {
            "When the run stops because a link stayed down past the job's retries (exit 1), wait and run again"
            + " (which resumes it) until it ends otherwise or DURATION (e.g. 30m, 2h) has passed since the start.",
            "Waits back off from the job's transfer.initialBackoff, doubling with jitter up to transfer.maxBackoff,"
            + " and never past the deadline; each retry is one line on stderr. Other exits (2-7) are not retried."
            + " The exit code is that of the last run. For `sync` only."})
    String retryUntil;

    @Option(names = "--bwlimit", paramLabel = "RATE|TIMETABLE", description = {
            "Bandwidth limit shared by all parallel copies of the run, in bytes per second (rclone's syntax):"
            + " 512k (KiB/s), 10M (MiB/s), 1G, off; UP:DOWN such as 10M:1M (up = written to target sites, down ="
            + " read from source sites; a copy goes at the lower). Or a timetable of [WEEKDAY-]HH:MM,RATE entries in"
            + " local time: \"08:00,512k 19:00,10M 23:00,off\", \"Mon-08:00,512k Sat-00:00,off\"; the rate switches"
            + " during the run. Wins over the job's transfer.bandwidth."})
    String bwlimit;

    @Option(names = "--max-duration", paramLabel = "DURATION", description = {
            "Soft cutoff (e.g. 6h, 90m, 1h30m, counted from the command's start): after it no new copy starts, those"
            + " in flight finish and are committed, and the run ends with exit 7; the next run resumes the rest."
            + " Wins over the job's transfer.maxDuration."})
    String maxDuration;

    @Option(names = "--max-transfer", paramLabel = "SIZE", description = {
            "Soft cutoff on bytes copied by this run (e.g. 500G, 1.5T, 200M; binary units): once reached no new copy"
            + " starts, those in flight finish, exit 7; the next run resumes. Wins over the job's transfer.maxTransfer."})
    String maxTransfer;

    /** The command line's transfer window: each limit parsed, null where not given. */
    io.recsync.sync.SyncOptions withLimits(io.recsync.sync.SyncOptions o) {
        io.recsync.config.BandwidthTimetable bw = null;
        java.time.Duration d = null;
        Long b = null;
        try {
            bw = bwlimit == null ? null : io.recsync.config.BandwidthTimetable.parse(bwlimit);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--bwlimit " + e.getMessage());
        }
        try {
            d = maxDuration == null ? null : io.recsync.config.RunLimits.duration(maxDuration);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--max-duration " + e.getMessage());
        }
        try {
            b = maxTransfer == null ? null : io.recsync.config.RunLimits.bytes(maxTransfer);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--max-transfer " + e.getMessage());
        }
        return o.withLimits(bw, d, b);
    }

    /** The job as this run sees it: with --schedule, only the links of that class. */
    JobDefinition selectLinks(JobDefinition job) {
        if (schedule == null) {
            return job;
        }
        Schedule chosen;
        try {
            chosen = Schedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--schedule " + e.getMessage() + " (a link's schedule: in the job file)");
        }
        return job.withSchedule(chosen);
    }

    LinkFilter filter() {
        return FilterParser.parse(tenants, groups, since, until);
    }
}
