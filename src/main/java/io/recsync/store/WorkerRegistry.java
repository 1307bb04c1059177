package io.recsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worker processes (README "Scaling out"): one {@code recsync_worker} row each, with a
 * heartbeat its process writes every few seconds and the partition it works on; and the
 * PostgreSQL session lock a worker holds on each partition it runs, which the server releases the
 * moment the worker's process dies (its connection closes). The manager treats a partition as
 * dead only when nobody holds that lock: Spring Batch's recover would mark it without checking.
 */
public final class WorkerRegistry {

    /** The first key of every partition lock ({@code pg_advisory_lock(int, int)}), 'RSPW'. */
    static final int LOCK_SPACE = 0x52535057;
    /** The first key of every worker's life lock, held by its process from start to end, 'RSWL'. */
    static final int LIFE_SPACE = 0x5253574C;

    private final JdbcTemplate jdbc;

    public WorkerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One worker as {@code recsync workers} shows it. */
    public record WorkerRow(String id, String host, long pid, String jobs, Instant startedAt, Instant heartbeatAt,
            Long stepExecutionId, String partition, String partitionJob, long partitionsDone, Instant partitionUpdatedAt) {}

    public void register(String id, String host, long pid, String jobs) {
        Instant now = Instant.now();
        jdbc.update("DELETE FROM recsync_worker WHERE worker_id = ?", id);
        jdbc.update("INSERT INTO recsync_worker (worker_id, host, pid, jobs, started_at, heartbeat_at, partitions_done) "
                + "VALUES (?, ?, ?, ?, ?, ?, 0)", id, host, pid, truncate(jobs, 2000), Sql.ts(now), Sql.ts(now));
    }

    public void heartbeat(String id) {
        jdbc.update("UPDATE recsync_worker SET heartbeat_at = ? WHERE worker_id = ?", Sql.ts(Instant.now()), id);
    }

    public void working(String id, String job, long stepExecutionId, String partition) {
        jdbc.update("UPDATE recsync_worker SET step_execution_id = ?, partition_name = ?, partition_job = ?, "
                + "heartbeat_at = ? WHERE worker_id = ?", stepExecutionId, partition, job, Sql.ts(Instant.now()), id);
    }

    public void idle(String id, boolean finishedOne) {
        jdbc.update("UPDATE recsync_worker SET step_execution_id = NULL, partition_name = NULL, partition_job = NULL, "
                + "partitions_done = partitions_done + ?, heartbeat_at = ? WHERE worker_id = ?", finishedOne ? 1 : 0,
                Sql.ts(Instant.now()), id);
    }

    /** A worker that stopped cleanly leaves no row; a killed one leaves its last heartbeat. */
    public void gone(String id) {
        jdbc.update("DELETE FROM recsync_worker WHERE worker_id = ?", id);
    }

    public List<WorkerRow> list() {
        return jdbc.query("SELECT w.*, s.LAST_UPDATED AS step_updated FROM recsync_worker w LEFT JOIN BATCH_STEP_EXECUTION s "
                + "ON s.STEP_EXECUTION_ID = w.step_execution_id ORDER BY w.host, w.worker_id",
                (rs, n) -> new WorkerRow(rs.getString("worker_id"), rs.getString("host"), rs.getLong("pid"),
                        rs.getString("jobs"), Sql.instant(rs, "started_at"), Sql.instant(rs, "heartbeat_at"),
                        Sql.nullableLong(rs, "step_execution_id"), rs.getString("partition_name"),
                        rs.getString("partition_job"), rs.getLong("partitions_done"), stepUpdated(rs)));
    }

    private static Instant stepUpdated(ResultSet rs) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp("step_updated");
        return t == null ? null : t.toInstant();
    }

    /**
     * Takes the partition's lock on {@code connection} (a session of its own, held while the
     * partition runs); false when another live process holds it.
     */
    public static boolean tryLockPartition(Connection connection, long stepExecutionId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, (int) stepExecutionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public static void unlockPartition(Connection connection, long stepExecutionId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setInt(2, (int) stepExecutionId);
            ps.execute();
        }
    }

    /**
     * Takes the worker's life lock on {@code connection} (kept open for the worker's life): the
     * server drops it the moment the process dies, so {@link #alive} needs no heartbeat to wait for.
     */
    public static void lockLife(Connection connection, String workerId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, LIFE_SPACE);
            ps.setString(2, workerId);
            ps.execute();
        }
    }

    /** Whether worker {@code id}'s process is alive (holds its life lock in this database). */
    public boolean alive(String id) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                + "AND objsubid = 2 AND classid::bigint = ? AND objid::bigint = (hashtext(?)::bigint & 4294967295) "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", Long.class,
                (long) LIFE_SPACE, id);
        return n != null && n > 0;
    }

    /** Whether a live session (a worker's) holds the partition's lock, in this database. */
    public boolean partitionHeld(long stepExecutionId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                + "AND objsubid = 2 AND classid::bigint = ? AND objid::bigint = ? "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", Long.class,
                (long) LOCK_SPACE, Integer.toUnsignedLong((int) stepExecutionId));
        return n != null && n > 0;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
