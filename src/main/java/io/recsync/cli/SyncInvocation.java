package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.Durations;
import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.job.BatchRunner;
import io.recsync.store.RunLock;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import io.recsync.sync.DryRun;
import io.recsync.sync.ExitCode;
import io.recsync.sync.InvalidInputException;
import io.recsync.sync.PlanFile;
import io.recsync.sync.PlanResume;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The flow `sync`, `resync` and `demo` share: load, lock, run, report, exit code. */
final class SyncInvocation {

    private final Recsync root;
    private final RunOptions options;
    private final String kind;

    SyncInvocation(Recsync root, RunOptions options, String kind) {
        this.root = root;
        this.options = options;
        this.kind = kind;
    }

    int run(boolean dryRun) {
        return run(dryRun, null, null);
    }

    /**
     * @param planOut with a dry run, where to write the plan for review; null for none
     * @param planIn a reviewed plan to execute instead of planning; null to plan
     */
    int run(boolean dryRun, Path planOut, Path planIn) {
        if (options.retryUntil != null && !kind.equals("sync")) {
            // A second resync would plan anew; it is `sync` that resumes the plan a resync left.
            throw new ConfigException("--retry-until is for `recsync sync`; a " + kind + " that stopped is resumed by"
                    + " `recsync sync --job " + options.job + " --retry-until DURATION`");
        }
        if (dryRun || options.retryUntil == null) {
            return runOnce(dryRun, planOut, planIn).code();
        }
        Duration budget = retryBudget();
        CliEnvironment env = root.environment();
        Instant deadline = env.clock().instant().plus(budget);
        Duration bound = null;
        while (true) {
            Outcome outcome = runOnce(false, planOut, planIn);
            if (outcome.code() != ExitCode.FAILED.code() || !outcome.linkDown()) {
                return outcome.code();
            }
            Instant now = env.clock().instant();
            Duration left = Duration.between(now, deadline);
            if (left.isNegative() || left.isZero()) {
                root.err().println("link down: not retrying, --retry-until " + options.retryUntil + " passed at "
                        + deadline.truncatedTo(ChronoUnit.SECONDS));
                return outcome.code();
            }
            // Backoff as the job's item retries: from initialBackoff, doubling up to maxBackoff, with jitter.
            bound = bound == null ? outcome.initialBackoff() : min(bound.multipliedBy(2), outcome.maxBackoff());
            long boundMillis = Math.max(1, bound.toMillis());
            Duration wait = min(Duration.ofMillis(ThreadLocalRandom.current().nextLong(boundMillis / 2, boundMillis + 1)),
                    left);
            root.err().println("link down: retrying in " + shown(wait) + " (until "
                    + deadline.truncatedTo(ChronoUnit.SECONDS) + ")");
            try {
                env.sleeper().sleep(wait);
                nextRunStart = Instant.now();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome.code();
            }
        }
    }

    private Duration retryBudget() {
        try {
            Duration d = Durations.parse(options.retryUntil);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("it must be longer than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--retry-until: " + e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** 8s, 1m30s, 250ms: how long the next wait is, for a person. */
    static String shown(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = (d.toMillis() + 500) / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
    }

    /**
     * How one run ended (the run's record, when one ran), the job's backoff for the next, and how
     * many recordings its scans left for later because they were still being written.
     */
    record Outcome(int code, boolean linkDown, Duration initialBackoff, Duration maxBackoff, RunRecord run, long deferred,
            boolean resumed) {}

    /** Warnings already printed by this command. */
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    /** Runs are cycles of `sync --continuous`: a stopped one is retried by the service, not by a person. */
    private boolean inService;

    /** When the next run started: the command's start for the first, the retry's for the others. */
    private Instant nextRunStart;

    private Outcome runOnce(boolean dryRun, Path planOut, Path planIn) {
        Prepared p = prepare(planIn);
        if (p == null) {
            return new Outcome(ExitCode.USAGE.code(), false, null, null, null, 0, false);
        }
        CliEnvironment env = root.environment();
        try (StateDatabase db = env.openState(options.dbUrl)) {
            Optional<RunLock> lock = RunLock.tryAcquire(db, env.home(), p.job().name());
            if (lock.isEmpty()) {
                root.err().println(lockedMessage(p.job().name()));
                return new Outcome(ExitCode.LOCKED.code(), false, null, null, null, 0, false);
            }
            try (RunLock held = lock.get()) {
                return runLocked(db, p, dryRun, planOut, planIn, () -> false, Duration.ZERO, null);
            }
        }
    }

    static String lockedMessage(String job) {
        return "recsync: another run of job '" + job + "' is in progress; nothing done";
    }

    /** The job as this run sees it, and what it was asked for; its warnings printed once per command. */
    record Prepared(JobDefinition job, SyncOptions syncOptions, Instant started) {}

    /** Loads the job, prints its warnings (once per command); null when the plan file is refused. */
    Prepared prepare(Path planIn) {
        Instant started = nextRunStart != null ? nextRunStart : root.commandStart() != null ? root.commandStart() : Instant.now();
        nextRunStart = null;
        CliEnvironment env = root.environment();
        PrintStream err = root.err();
        JobLoader.LoadedJob loaded = JobReference.load(options.job, env);
        JobDefinition job = options.selectLinks(loaded.job());
        // The job's and its profiles' warnings: first, before anything of the run, and once per
        // command (a --retry-until rerun does not repeat them). -q prints nothing but errors.
        for (String w : loaded.warnings()) {
            if (!options.quiet && warned.add(w)) {
                err.println("warning: " + w);
            }
        }
        SyncOptions syncOptions = new SyncOptions(options.filter(), options.skipInvalid, kind.equals("resync") || options.fullRescan, kind,
                options.force, planIn);
        syncOptions = options.withLimits(syncOptions);
        if (planIn != null) {
            try {
                // Refused before a run starts: a bad plan must not become a failed run to resume.
                PlanFile.check(planIn, job);
            } catch (InvalidInputException e) {
                err.println("recsync: " + e.getMessage());
                e.problems().stream().skip(1).limit(20).forEach(p -> err.println("  " + p));
                return null;
            }
        }
        return new Prepared(job, syncOptions, started);
    }

    /**
     * One cycle of `sync --continuous`: an ordinary sync of the job (loaded afresh, as a timer's run
     * would), run under the lock the service holds. {@code stop} ends its transfer at the next chunk.
     */
    Outcome cycle(StateDatabase db, java.util.function.BooleanSupplier stop, Duration settle,
            io.recsync.report.RecsyncMetrics metrics) {
        inService = true;
        nextRunStart = Instant.now();
        Prepared p = prepare(null);
        return runLocked(db, p, false, null, null, stop, settle, metrics);
    }

    /**
     * @param serviceMetrics the service's metrics, which every cycle adds to (its /metrics); null for a
     *     single run, whose metrics exist only when --metrics-file or a Pushgateway asks for them
     */
    private Outcome runLocked(StateDatabase db, Prepared p, boolean dryRun, Path planOut, Path planIn,
            java.util.function.BooleanSupplier stop, Duration settle, io.recsync.report.RecsyncMetrics serviceMetrics) {
        CliEnvironment env = root.environment();
        PrintStream out = root.out();
        PrintStream err = root.err();
        // Target group members that cannot be reached are left out of this run (their recordings go
        // to the next member); everything else of the job is as its file says.
        io.recsync.sync.GroupFailover.Outcome failover = io.recsync.sync.GroupFailover.probe(p.job(), env.catalog());
        JobDefinition job = failover.job();
        if (job.workers().enabled() && !db.isPostgres() && !dryRun) {
            throw new ConfigException(job.file() + ": workers.enabled: true needs a PostgreSQL state database that the"
                    + " workers share (--db-url jdbc:postgresql://... or RECSYNC_DB_URL); this run's is "
                    + db.displayUrl() + ". Nothing done.");
        }
        java.net.URI pushgateway = pushgateway(job);
        try (ProgressLine progress = new ProgressLine(err, env.tty() && !options.quiet && !options.json);
                SyncSession session = new SyncSession(job, p.syncOptions(), db, env.catalog(), progress, env.sleeper(),
                        env.clock().instant()).commandStart(p.started()).clock(env.clock()).stopWhen(stop).settle(settle)
                        .configuredJob(p.job())) {
            failover.down().forEach((site, why) -> session.warn("target group member '" + site + "' is unreachable ("
                    + why + "); this run places its recordings on the next member of its group, and a run after it"
                    + " is back fills it"));
            if (dryRun) {
                failover.down().forEach((site, why) -> err.println("warning: target group member '" + site
                        + "' is unreachable (" + why + "); a run now would place its recordings on the next member"));
                return new Outcome(new DryRun(session).run(out, planOut).code(), false, null, null, null, 0, false);
            }
            io.recsync.report.RecsyncMetrics metrics = serviceMetrics != null ? serviceMetrics
                    : pushgateway == null && options.metricsFile == null ? null : new io.recsync.report.RecsyncMetrics();
            session.metrics(metrics);
            BatchRunner.Result result = null;
            try {
                // A plan from a file is executed as given, not mixed into the job's last failed plan.
                result = BatchRunner.run(session, kind.equals("sync") && planIn == null);
            } finally {
                if (metrics != null) {
                    // Also when the run failed: the metrics then say so (exit code, backlog, no new success).
                    Long run = result == null ? null : result.run().executionId();
                    io.recsync.report.MetricsExport.afterRun(metrics, db, p.job(), run, options.metricsFile, pushgateway)
                            .forEach(w -> err.println("warning: " + w));
                }
            }
            // Spring Boot takes the java.util.logging bridge down with the run's context: put it back
            // for what follows (a --retry-until rerun, the demo's history).
            Recsync.oneLoggingSetup();
            progress.finish();
            report(result, session, out, err);
            int code = result.run().exitCode() == null ? ExitCode.FAILED.code() : result.run().exitCode();
            return new Outcome(code, result.linkDown(), job.transfer().initialBackoff(), job.transfer().maxBackoff(),
                    result.run(), session.deferred(), result.resumed());
        }
    }

    /** --pushgateway, else the job's metrics.pushgateway, else null. */
    private java.net.URI pushgateway(JobDefinition job) {
        if (options.pushgateway == null) {
            return job.metrics().pushgateway();
        }
        try {
            return io.recsync.config.MetricsSettings.pushgatewayUrl(options.pushgateway);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--pushgateway " + e.getMessage());
        }
    }

    private void report(BatchRunner.Result result, SyncSession session, PrintStream out, PrintStream err) {
        RunRecord run = result.run();
        for (Long id : result.recovered()) {
            err.println("recsync: run " + id + " of job '" + run.job() + "' had died mid-way; recovered it");
        }
        if (!options.quiet) {
            PlanResume.Decision plan = session.planDecision();
            if (result.resumed()) {
                out.println("Resumed plan " + run.planId() + " (made by run " + plan.madeBy() + ") in run "
                        + run.executionId() + ": " + plan.left() + " of its " + plan.planItems()
                        + " item(s) were left.");
            } else if (plan.drops()) {
                out.println(plan.droppedLine(run.executionId(), false));
            }
            // What the run itself found (skipped manifest lines, unknown files), each once.
            java.util.List<String> found = session.warnings().stream().distinct().filter(w -> !warned.contains(w)).toList();
            for (String w : found) {
                if (options.verbose || found.size() <= 20) {
                    err.println("warning: " + w);
                }
            }
            if (!options.verbose && found.size() > 20) {
                err.println("warning: " + found.size() + " warnings; rerun with --verbose to see them all");
            }
            String bandwidth = session.limits().bandwidthLine();
            if (bandwidth != null) {
                out.println("Bandwidth limit " + bandwidth);
            }
            out.println(SummaryLine.of(run));
            String expired = SummaryLine.expired(expiredOf(session, run));
            if (expired != null) {
                out.println(expired);
            }
            // The run's own check of its holds and its sources' purges, by what the state database now knows.
            for (String critical : retentionCritical(session)) {
                err.println("recsync: " + critical);
            }
            for (var share : session.job().workers().enabled() ? session.items().byWorker(run.executionId())
                    : java.util.List.<io.recsync.store.TransferItemStore.WorkerShare>of()) {
                // A run with workers: who copied what, and at what rate while it did.
                double seconds = Math.max(0.001, java.time.Duration.between(share.first(), share.last()).toMillis() / 1000.0);
                out.printf(java.util.Locale.ROOT, "  worker %s: %d item(s), %.1f MB, %.1f MB/s%n", share.worker(),
                        share.items(), share.bytes() / 1e6, share.items() > 1 ? share.bytes() / 1e6 / seconds : 0.0);
            }
            if (options.verbose) {
                session.items().forEachOfRun(run.planId(), run.executionId(), row -> {
                    if (!"DONE".equals(row.status())) {
                        err.println("  " + row.status().toLowerCase() + " " + row.outcome() + " " + row.link() + " "
                                + row.audioPath() + (row.message() == null ? "" : ": " + row.message()));
                    }
                });
            }
        }
        if (run.exitCode() != null && run.exitCode() == ExitCode.FAILED.code() && !options.quiet && inService) {
            err.println("recsync: the cycle stopped; everything committed is kept. The service runs it again by itself"
                    + " (backing off as transfer.initialBackoff/maxBackoff say) and resumes where it stopped.");
        } else if (run.exitCode() != null && run.exitCode() == ExitCode.FAILED.code() && !options.quiet) {
            err.println("recsync: the run stopped; everything committed is kept. Fix the cause above, then run "
                    + "`recsync sync --job " + options.job + "` (or wait for the timer): it resumes where this stopped."
                    + (options.retryUntil == null || !result.linkDown() ? ""
                            : " (--retry-until runs it again by itself while the link is down.)"));
        }
        if (options.json) {
            out.println(RunJson.of(run, expiredOf(session, run)));
        }
    }

    private static java.util.List<String> retentionCritical(SyncSession session) {
        try {
            return io.recsync.report.RetentionHealth.of(session.db(), session.job(), java.time.Instant.now(), false)
                    .critical(session.job());
        } catch (RuntimeException e) {
            return java.util.List.of(); // status says it, with the reason
        }
    }

    /** The run's count of recordings expired at each link's target (counted when it planned). */
    private static java.util.Map<String, Long> expiredOf(SyncSession session, io.recsync.store.RunRecord run) {
        try {
            return new io.recsync.store.ExpiryStore(session.db().jdbc(), session.db().dialect()).ofRun(run.executionId());
        } catch (RuntimeException e) {
            return java.util.Map.of(); // a run that never reached its plan has none
        }
    }
}
