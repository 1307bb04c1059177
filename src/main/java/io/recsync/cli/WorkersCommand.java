package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.store.StateDatabase;
import io.recsync.store.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"The worker processes of the shared PostgreSQL state database (README: Scaling out): one line"
            + " each with its heartbeat, state (live, or silent when it has not beaten for 30 s: killed or cut off), the"
            + " partition it copies and when that partition last committed a chunk, and how many it finished."})
final class WorkersCommand implements Callable<Integer> {

    /** A worker beats every 2 s; one silent this long is gone (killed, host down, cut off). */
    static final Duration SILENT_AFTER = Duration.ofSeconds(30);

    @ParentCommand
    Recsync root;

    @Option(names = "--db-url", paramLabel = "URL", description = "The PostgreSQL state database (default: RECSYNC_DB_URL) the"
            + " workers share.")
    String dbUrl;

    @Override
    public Integer call() {
        CliEnvironment env = root.environment();
        try (StateDatabase db = env.openState(dbUrl)) {
            if (!db.isPostgres()) {
                throw new ConfigException("--db-url " + db.displayUrl() + ": workers share a PostgreSQL state database"
                        + " (jdbc:postgresql://...); an H2 one has none.");
            }
            List<WorkerRegistry.WorkerRow> rows = new WorkerRegistry(db.jdbc()).list();
            Instant now = env.clock().instant();
            if (rows.isEmpty()) {
                root.out().println("No workers. Start one with `recsync worker --db-url " + db.displayUrl()
                        + " --job FILE` (README: Scaling out).");
                return 0;
            }
            root.out().printf("%-32s %-8s %-10s %-8s %-40s %s%n", "WORKER", "STATE", "HEARTBEAT", "DONE", "PARTITION",
                    "JOBS");
            for (WorkerRegistry.WorkerRow w : rows) {
                Duration since = Duration.between(w.heartbeatAt(), now);
                String state = since.compareTo(SILENT_AFTER) > 0 ? "silent" : "live";
                String partition = w.partition() == null ? "-"
                        : w.partitionJob() + " " + w.partition() + " (#" + w.stepExecutionId() + ", chunk "
                                + (w.partitionUpdatedAt() == null ? "-" : ago(Duration.between(w.partitionUpdatedAt(), now)))
                                + ")";
                root.out().printf("%-32s %-8s %-10s %-8d %-40s %s%n", w.id(), state, ago(since), w.partitionsDone(),
                        partition, w.jobs());
            }
            return 0;
        }
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s ago" : s / 60 + "m ago";
    }
}
