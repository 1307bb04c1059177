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
            + " each with its state (live; dead: its process is gone, its database session with it; silent: alive but"
            + " no heartbeat for 30 s), its last heartbeat, the partition it copies and when that partition last"
            + " committed a chunk, and how many partitions it finished."})
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
            WorkerRegistry registry = new WorkerRegistry(db.jdbc());
            List<WorkerRegistry.WorkerRow> rows = registry.list();
            Instant now = env.clock().instant();
            if (rows.isEmpty()) {
                root.out().println("No workers. Start one with `recsync worker --db-url " + db.displayUrl()
                        + " --job FILE` (README: Scaling out).");
                return 0;
            }
            root.out().printf("%-28s %-6s %-10s %-5s %-44s %s%n", "WORKER", "STATE", "HEARTBEAT", "DONE", "PARTITION",
                    "JOBS");
            for (WorkerRegistry.WorkerRow w : rows) {
                // Its session lock says whether the process lives, at once; a heartbeat gone quiet
                // with the lock still held is a process that hangs (or lost its way to the database).
                boolean alive = registry.alive(w.id());
                Duration since = Duration.between(w.heartbeatAt(), now);
                String state = !alive ? "dead" : since.compareTo(SILENT_AFTER) > 0 ? "silent" : "live";
                String partition = w.partition() == null ? "-"
                        : !alive ? "(was " + w.partitionJob() + " " + w.partition() + ")"
                        : w.partitionJob() + " " + w.partition() + " (#" + w.stepExecutionId() + ", chunk "
                                + (w.partitionUpdatedAt() == null ? "-" : ago(Duration.between(w.partitionUpdatedAt(), now)))
                                + ")";
                root.out().printf("%-28s %-6s %-10s %-5d %-44s %s%n", w.id(), state, ago(since), w.partitionsDone(),
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
