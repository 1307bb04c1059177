package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.Durations;
import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.job.AuditRunner;
import io.recsync.store.AuditStore;
import io.recsync.store.RunLock;
import io.recsync.store.StateDatabase;
import io.recsync.sync.Audit;
import io.recsync.sync.AuditOptions;
import io.recsync.sync.ExitCode;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.TransferLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Re-read the recordings (audio and sidecar) at the job's sites and compare size and SHA-256 with"
            + " what recsync recorded as placed: finds MISSING, TRUNCATED (smaller), ALTERED (other bytes) and"
            + " UNEXPECTED files (no placement accounts for them). Findings go to the state database and the output.",
            "Runs in restartable chunks: a killed audit is resumed by the next `recsync audit`. Remembers when each"
            + " copy was last proven, so --sample covers the whole archive over successive runs.",
            "With --repair, each damaged or missing copy is restored from another site's copy, proven good first;"
            + " the damaged file is kept in the site's .recsync/quarantine/. A recording with no good copy anywhere"
            + " is named on stderr (NO GOOD COPY) and exits 9."})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Option(names = "--job", required = true, paramLabel = "FILE", description = "Job file (YAML).")
    Path job;

    @Option(names = "--site", paramLabel = "NAME", description = "Only this site (repeatable; default: every site of the job).")
    List<String> sites = new ArrayList<>();

    @Option(names = "--sample", paramLabel = "PERCENT", description = "Check this share of the copies, least recently"
            + " proven first (e.g. 5%%: 20 runs cover the whole archive). Default 100%%.")
    String sample;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Only copies not proven by an audit within"
            + " DURATION (e.g. 30d); never-proven copies always count.")
    String olderThan;

    @Option(names = "--read-back", paramLabel = "PERCENT", description = "On storage that keeps a SHA-256 with each"
            + " object (S3 checksum mode) the stored checksum is compared; this share is also read back in full"
            + " (default 10%%). Elsewhere every checked file is read.")
    String readBack;

    @Option(names = "--bwlimit", paramLabel = "RATE|TIMETABLE", description = "Bandwidth limit for reading and"
            + " repairing (the syntax of `sync --bwlimit`); wins over the job's transfer.bandwidth.")
    String bwlimit;

    @Option(names = "--repair", description = "Restore each damaged or missing copy from a proven-good copy at another"
            + " site (damaged file to quarantine first). Takes the job's lock too, so it never races a sync.")
    boolean repair;

    @Option(names = "--held", description = "Only recordings on the job's legal hold (as its last run saw them):"
            + " cron/recsync@.service runs `audit --held` after every scheduled sync, so held recordings are re-read"
            + " at every site after each run.")
    boolean held;

    @Option(names = "--history", description = "List the job's audits (newest first) instead of running one.")
    boolean history;

    @Option(names = "--findings", paramLabel = "AUDIT", arity = "0..1", fallbackValue = "-1",
            description = "Print an audit's findings (default: the last audit) instead of running one.")
    Long findings;

    @Option(names = "--db-url", paramLabel = "URL", description = "State database (default: RECSYNC_DB_URL, else H2 under RECSYNC_HOME).")
    String dbUrl;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors and NO GOOD COPY lines.")
    boolean quiet;

    @Override
    public Integer call() {
        CliEnvironment env = root.environment();
        PrintStream out = root.out();
        PrintStream err = root.err();
        JobLoader.LoadedJob loaded = JobReference.load(job, env);
        if (!quiet) {
            JobReference.warnFirst(loaded, err);
        }
        JobDefinition def = loaded.job();
        for (String s : sites) {
            if (!def.sites().containsKey(s)) {
                throw new ConfigException("--site " + s + ": job " + def.name() + " (" + job + ") has no such site; its"
                        + " sites are " + String.join(", ", def.sites().keySet()));
            }
        }
        AuditOptions options = new AuditOptions(sites.isEmpty() ? List.copyOf(def.sites().keySet()) : List.copyOf(sites),
                percent("--sample", sample, 100), duration(olderThan), percent("--read-back", readBack, 10), repair, held);
        SyncOptions limits = new SyncOptions(io.recsync.config.LinkFilter.ALL, false, false, "audit");
        try {
            limits = limits.withLimits(bwlimit == null ? null : io.recsync.config.BandwidthTimetable.parse(bwlimit), null,
                    null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--bwlimit " + e.getMessage());
        }
        Instant started = root.commandStart() != null ? root.commandStart() : Instant.now();
        try (StateDatabase db = env.openState(dbUrl)) {
            AuditStore store = new AuditStore(db.jdbc());
            if (history) {
                printHistory(store.history(def.name(), 100), out);
                return ExitCode.SUCCESS.code();
            }
            if (findings != null) {
                Optional<AuditStore.AuditRun> run = findings == -1 ? store.history(def.name(), 1).stream().findFirst()
                        : store.find(findings).filter(r -> r.job().equals(def.name()));
                if (run.isEmpty()) {
                    throw new ConfigException("--findings: job " + def.name() + " has no audit "
                            + (findings == -1 ? "yet" : findings) + "; `recsync audit --job " + job + " --history` lists them");
                }
                printFindings(store.findings(run.get().auditId()), out, err);
                return ExitCode.SUCCESS.code();
            }
            Optional<RunLock> auditLock = RunLock.tryAcquire(db, env.home(), def.name() + ".audit");
            if (auditLock.isEmpty()) {
                err.println("recsync: another audit of job '" + def.name() + "' is in progress; nothing done");
                return ExitCode.LOCKED.code();
            }
            try (RunLock a = auditLock.get()) {
                Optional<RunLock> jobLock = repair ? RunLock.tryAcquire(db, env.home(), def.name()) : Optional.empty();
                if (repair && jobLock.isEmpty()) {
                    err.println(SyncInvocation.lockedMessage(def.name()) + " (--repair waits for the job's run to end)");
                    return ExitCode.LOCKED.code();
                }
                try (Audit audit = new Audit(def, options, db, env.catalog(),
                        TransferLimits.of(def, limits, env.clock(), started), env.clock(), env.sleeper())) {
                    AuditRunner.Result result = AuditRunner.run(audit, started);
                    return report(result, audit, store, started, out, err);
                } finally {
                    jobLock.ifPresent(RunLock::close);
                }
            }
        }
    }

    private int report(AuditRunner.Result result, Audit audit, AuditStore store, Instant started, PrintStream out,
            PrintStream err) {
        AuditStore.AuditRun run = result.audit();
        Recsync.oneLoggingSetup();
        for (Long id : result.recovered()) {
            err.println("recsync: an audit execution (" + id + ") of job '" + run.job() + "' had died mid-way; recovered it");
        }
        List<AuditStore.Finding> found = store.findings(run.auditId());
        if (!quiet) {
            if (result.resumed()) {
                out.println("Resumed audit " + run.auditId() + " (" + run.checked() + " of its " + run.planned()
                        + " copies are now checked).");
            }
            audit.warnings().stream().distinct().forEach(w -> err.println("warning: " + w));
            printFindings(found, out, err);
        } else {
            found.stream().filter(f -> Audit.NO_GOOD_COPY.equals(f.repair())).forEach(f -> err.println(noGood(f)));
        }
        if (result.failure() != null) {
            err.println("recsync: the audit stopped: " + result.failure().getMessage() + "; what it checked is kept;"
                    + " `recsync audit --job " + job + "` resumes it");
            return ExitCode.FAILED.code();
        }
        if (!quiet) {
            double secs = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
            Map<String, Long> kinds = new TreeMap<>();
            found.forEach(f -> kinds.merge(f.kind(), 1L, Long::sum));
            long expired = store.expiredIn(run.auditId());
            out.printf(Locale.ROOT, "recsync audit %s %d %s in %.1fs: %d copies checked (%s read), %d finding(s)%s,"
                    + " %d repaired, %d with no good copy%s [exit %d]%n", run.job(), run.auditId(), run.status(), secs,
                    run.checked(), bytes(run.bytesRead()), run.findings(), kinds.isEmpty() ? "" : " " + kinds,
                    run.repaired(), run.noGoodCopy(), expired == 0 ? "" : ", " + expired
                            + " expired there (past the site's retention or purge, not held: not restored)",
                    result.code().code());
        }
        return result.code().code();
    }

    private static String noGood(AuditStore.Finding f) {
        return "NO GOOD COPY ANYWHERE: recording " + f.recordingId() + " " + f.role() + " " + f.path() + " is "
                + f.kind() + " at " + f.site() + " and " + f.repairDetail();
    }

    private static void printFindings(List<AuditStore.Finding> found, PrintStream out, PrintStream err) {
        for (AuditStore.Finding f : found) {
            String rec = f.recordingId() == null ? "-" : f.recordingId().toString();
            String what = switch (String.valueOf(f.repair())) {
                case "REPAIRED" -> "repaired from " + f.repairedFrom()
                        + (f.quarantinedAt() == null ? "" : "; damaged file kept at " + f.quarantinedAt());
                case "null" -> "not repaired";
                default -> f.repair() + ": " + f.repairDetail();
            };
            out.println(f.kind() + " site=" + f.site() + " recording=" + rec + " " + f.role() + " " + f.path()
                    + (f.detail() == null ? "" : " (" + f.detail() + ")") + " -> " + what);
            if (Audit.NO_GOOD_COPY.equals(f.repair())) {
                err.println(noGood(f));
            }
        }
    }

    private static void printHistory(List<AuditStore.AuditRun> runs, PrintStream out) {
        io.recsync.report.Table t = new io.recsync.report.Table("audit", "started", "ended", "status", "exit", "planned",
                "checked", "findings", "repaired", "noGoodCopy", "bytesRead", "scope");
        for (AuditStore.AuditRun r : runs) {
            t.row(r.auditId(), r.startedAt(), r.endedAt(), r.status(), r.exitCode(), r.planned(), r.checked(),
                    r.findings(), r.repaired(), r.noGoodCopy(), r.bytesRead(), r.scope());
        }
        t.print(out, io.recsync.report.Format.TABLE);
    }

    private static String bytes(long b) {
        return b < 1024 ? b + " B" : b < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
    }

    private static double percent(String option, String value, double dflt) {
        if (value == null) {
            return dflt;
        }
        String v = value.strip();
        try {
            double d = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
            if (!(d > 0 && d <= 100)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(option + " " + value + ": give a share of the archive above 0 and up to 100%,"
                    + " e.g. 5%");
        }
    }

    private static Duration duration(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--older-than " + value + ": " + e.getMessage() + " (e.g. 30d, 12h)");
        }
    }
}
