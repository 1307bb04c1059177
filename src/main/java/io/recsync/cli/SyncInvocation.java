package io.recsync.cli;

import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.job.BatchRunner;
import io.recsync.store.RunLock;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import io.recsync.sync.DryRun;
import io.recsync.sync.ExitCode;
import io.recsync.sync.PlanFile;
import io.recsync.sync.InvalidInputException;
import java.nio.file.Path;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.io.PrintStream;
import java.util.Optional;

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
        CliEnvironment env = root.environment();
        PrintStream out = root.out();
        PrintStream err = root.err();
        JobLoader.LoadedJob loaded = JobLoader.loadWithWarnings(options.job, env.env());
        JobDefinition job = loaded.job();
        SyncOptions syncOptions = new SyncOptions(options.filter(), options.skipInvalid, kind.equals("resync"), kind,
                options.force, planIn);
        if (planIn != null) {
            try {
                // Refused before a run starts: a bad plan must not become a failed run to resume.
                PlanFile.check(planIn, job);
            } catch (InvalidInputException e) {
                err.println("recsync: " + e.getMessage());
                e.problems().stream().skip(1).limit(20).forEach(p -> err.println("  " + p));
                return ExitCode.USAGE.code();
            }
        }
        try (StateDatabase db = env.openState(options.dbUrl)) {
            Optional<RunLock> lock = RunLock.tryAcquire(db, env.home(), job.name());
            if (lock.isEmpty()) {
                err.println("recsync: another run of job '" + job.name() + "' is in progress; nothing done");
                return ExitCode.LOCKED.code();
            }
            try (RunLock held = lock.get();
                    ProgressLine progress = new ProgressLine(err, env.tty() && !options.quiet && !options.json);
                    SyncSession session = new SyncSession(job, syncOptions, db, env.catalog(), progress, env.sleeper())) {
                loaded.warnings().forEach(session::warn);
                if (dryRun) {
                    return new DryRun(session).run(out, planOut).code();
                }
                // A plan from a file is executed as given, not mixed into the job's last failed plan.
                BatchRunner.Result result = BatchRunner.run(session, kind.equals("sync") && planIn == null);
                progress.finish();
                report(result, session, out, err);
                return result.run().exitCode() == null ? ExitCode.FAILED.code() : result.run().exitCode();
            }
        }
    }

    private void report(BatchRunner.Result result, SyncSession session, PrintStream out, PrintStream err) {
        RunRecord run = result.run();
        for (Long id : result.recovered()) {
            err.println("recsync: run " + id + " of job '" + run.job() + "' had died mid-way; recovered it");
        }
        if (!options.quiet) {
            if (result.resumed()) {
                out.println("Resumed plan " + run.planId() + " of job '" + run.job() + "' where its last run stopped.");
            }
            for (String w : session.warnings()) {
                if (options.verbose || session.warnings().size() <= 20) {
                    err.println("warning: " + w);
                }
            }
            if (!options.verbose && session.warnings().size() > 20) {
                err.println("warning: " + session.warnings().size() + " warnings; rerun with --verbose to see them all");
            }
            out.println(SummaryLine.of(run));
            if (options.verbose) {
                session.items().forEachOfPlan(run.planId(), row -> {
                    if (!"DONE".equals(row.status())) {
                        err.println("  " + row.status().toLowerCase() + " " + row.outcome() + " " + row.link() + " "
                                + row.audioPath() + (row.message() == null ? "" : ": " + row.message()));
                    }
                });
            }
        }
        if (run.exitCode() != null && run.exitCode() == ExitCode.FAILED.code() && !options.quiet) {
            err.println("recsync: the run stopped; everything committed is kept. Fix the cause above, then run "
                    + "`recsync sync --job " + options.job + "` (or wait for the timer): it resumes where this stopped.");
        }
        if (options.json) {
            out.println(RunJson.of(run));
        }
    }
}
