package io.recsync.config;

import java.time.Duration;

/**
 * The job's {@code workers:} block (README "Scaling out"): with {@code enabled: true} the transfer
 * step is split into partitions that {@code recsync worker} processes copy, on any host sharing the
 * job's PostgreSQL state database; without it the run copies everything itself (the default).
 *
 * @param partitionSize how many pending items one partition holds (of one link, in item-id order);
 *     a partition should be minutes of work, so that a dead worker costs little and many share it
 * @param heartbeatLimit how long a partition's step execution may go without an update (one per
 *     chunk) before the manager treats its worker as dead, when no live process holds it either;
 *     null: derived from the chunk size, {@link #heartbeatLimit(TransferSettings)}
 */
public record WorkerSettings(boolean enabled, int partitionSize, Duration heartbeatLimit) {

    public static final WorkerSettings NONE = new WorkerSettings(false, 500, null);

    /**
     * The limit in force: the job's, else a minute plus two seconds per item of a chunk (a chunk of
     * 100 small recordings over a slow link takes seconds; a limit of minutes never fires on a live one).
     */
    public Duration heartbeatLimit(TransferSettings transfer) {
        return heartbeatLimit != null ? heartbeatLimit : Duration.ofSeconds(60 + 2L * transfer.chunkSize());
    }

    static WorkerSettings parse(Settings w) {
        KnownFields.check(w, "enabled", "partitionSize", "heartbeatLimit");
        boolean enabled = w.optionalBoolean("enabled", false);
        int size = w.optionalInt("partitionSize", NONE.partitionSize(), 1, 10_000_000);
        Duration limit = w.has("heartbeatLimit") ? w.optionalDuration("heartbeatLimit", null) : null;
        if (limit != null && limit.compareTo(Duration.ofSeconds(1)) < 0) {
            throw w.error("heartbeatLimit", "must be at least 1s, got " + limit.toMillis() + "ms: a live worker's"
                    + " chunk takes longer than that");
        }
        w.finish();
        return new WorkerSettings(enabled, size, limit);
    }
}
