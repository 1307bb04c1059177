package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.Durations;
import io.recsync.config.JobLoader;
import io.recsync.job.WorkerRunner;
import io.recsync.store.StateDatabase;
import io.recsync.sync.ExitCode;
import io.recsync.sync.ProgressListener;
import io.recsync.sync.SyncOptions;
import io.recsync.sync.SyncSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Copies partitions of runs of jobs with `workers: { enabled: true }` (README: Scaling out): polls"
            + " the jobs' partition queues in the shared PostgreSQL state database, copies and verifies each partition"
            + " it takes with its own sites and credentials (from its --job files), and records the outcome there.",
            "Runs until SIGTERM or Ctrl-C, which it obeys between partitions (one that started is finished first)."})
final class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    Recsync root;

    @Option(names = "--db-url", paramLabel = "URL", description = "The PostgreSQL state database (default: RECSYNC_DB_URL) the"
            + " manager (`recsync sync`) and the other workers share, e.g. jdbc:postgresql://db.example/recsync.")
    String dbUrl;

    @Option(names = "--job", required = true, paramLabel = "FILE", description = "A job whose partitions this worker"
            + " copies (repeatable); its sites and connector profiles are this host's view of them.")
    List<Path> jobs = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "This worker's name in `recsync workers` and the"
            + " report (default HOST:PID).")
    String name;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", description = "How often an idle"
            + " worker looks for a partition (default 1s).")
    String pollInterval;

    @Option(names = "--exit-when-idle", paramLabel = "DURATION", description = "Exit 0 once no partition came for this"
            + " long (for a worker started per run); default: serve until stopped.")
    String exitWhenIdle;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.environment();
        Duration poll = duration("--poll-interval", pollInterval);
        Duration idle = exitWhenIdle == null ? null : duration("--exit-when-idle", exitWhenIdle);
        List<JobLoader.LoadedJob> loaded = new ArrayList<>();
        for (Path job : jobs) {
            JobLoader.LoadedJob l = JobReference.load(job, env);
            JobReference.warnFirst(l, root.err());
            loaded.add(l);
        }
        String id = name != null ? name : WorkerRunner.defaultId();
        try (StateDatabase db = env.openState(dbUrl)) {
            if (!db.isPostgres()) {
                throw new ConfigException("--db-url " + db.displayUrl() + ": a worker needs the PostgreSQL state database"
                        + " its manager uses (jdbc:postgresql://...); H2 is one process's own.");
            }
            List<SyncSession> sessions = new ArrayList<>();
            try {
                for (JobLoader.LoadedJob l : loaded) {
                    sessions.add(new SyncSession(l.job(), SyncOptions.defaults(), db, env.catalog(), ProgressListener.NONE,
                            env.sleeper()));
                }
                AtomicBoolean stop = new AtomicBoolean();
                try (WorkerRunner runner = new WorkerRunner(db, sessions, id, root.out());
                        Signals signals = Signals.onStop(() -> stop.set(true))) {
                    root.err().println("recsync: worker " + id + " serving job(s) "
                            + String.join(", ", sessions.stream().map(s -> s.job().name()).toList()) + " from "
                            + db.displayUrl() + " (stop with SIGTERM or Ctrl-C)");
                    runner.run(stop::get, poll, idle);
                }
            } finally {
                sessions.forEach(SyncSession::close);
            }
        }
        return ExitCode.SUCCESS.code();
    }

    private static Duration duration(String option, String given) {
        try {
            Duration d = Durations.parse(given);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("it must be longer than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + " " + given + ": " + e.getMessage());
        }
    }
}
