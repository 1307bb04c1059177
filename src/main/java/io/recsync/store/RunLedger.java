package io.recsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run ledger ({@code sync_run}): what `recsync history` shows. */
public final class RunLedger {

    private final JdbcTemplate jdbc;

    public RunLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void started(long executionId, long planId, String job, String kind, Instant at) {
        jdbc.update("DELETE FROM sync_run WHERE execution_id = ?", executionId);
        jdbc.update("INSERT INTO sync_run (execution_id, plan_id, job_name, run_kind, started_at, status) VALUES (?, ?, ?, ?, ?, 'STARTED')",
                executionId, planId, job, kind, Sql.ts(at));
    }

    public void finished(RunRecord r) {
        RunTally t = r.tally();
        jdbc.update("UPDATE sync_run SET ended_at = ?, status = ?, exit_code = ?, planned = ?, copied = ?, bytes_copied = ?, "
                + "skipped = ?, failed = ?, conflicts = ?, message = ?, plan_items = ?, plan_made_by = ?, held = ?, "
                + "held_kinds = ?, settled = ?, settled_kinds = ?, in_new_conflict = ?, conflict_kinds = ?, "
                + "target_changed = ?, left_pending = ?, failed_earlier = ?, plan_note = ? WHERE execution_id = ?",
                Sql.ts(r.endedAt()), r.status(), r.exitCode(), r.planned(), r.copied(), r.bytesCopied(), r.skipped(),
                r.failed(), r.conflicts(), cut(r.message(), 2000), t.planItems(), t.planMadeBy() == 0 ? null : t.planMadeBy(),
                t.held(), cut(t.heldKinds(), 200), t.settled(), cut(t.settledKinds(), 200), t.inNewConflict(),
                cut(t.newConflictKinds(), 200), t.targetChanged(), t.left(), t.failedEarlier(), cut(t.planNote(), 1000),
                r.executionId());
    }

    /**
     * Adds {@code delta} to a running run's bytes copied and answers the run's total so far: the
     * byte budget ({@code --max-transfer}) its workers share. On a connection of its own, committed
     * at once: never inside a chunk's transaction, whose row lock would hold the other workers'
     * chunks behind this one. The run's end writes the true total over it.
     */
    public static long addBytesCopied(javax.sql.DataSource ds, long executionId, long delta) {
        try (java.sql.Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            if (delta != 0) {
                try (java.sql.PreparedStatement u = c.prepareStatement(
                        "UPDATE sync_run SET bytes_copied = bytes_copied + ? WHERE execution_id = ?")) {
                    u.setLong(1, delta);
                    u.setLong(2, executionId);
                    u.executeUpdate();
                }
            }
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT bytes_copied FROM sync_run WHERE execution_id = ?")) {
                q.setLong(1, executionId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : delta;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count run " + executionId + "'s bytes in the state database: "
                    + e.getMessage(), e);
        }
    }

    /** The runs of a plan, oldest first: the first made it. */
    public List<Long> runsOfPlan(long planId) {
        return jdbc.queryForList("SELECT execution_id FROM sync_run WHERE plan_id = ? ORDER BY execution_id", Long.class,
                planId);
    }

    /** The job's latest run, whatever its kind and outcome. */
    public Optional<RunRecord> last(String job) {
        return list(job, 1).stream().findFirst();
    }

    /**
     * The job's latest successful run: one that completed with exit 0 (everything copied) or 3
     * (everything copied that no conflict held). Exit 4 (items failed) is not success.
     */
    public Optional<RunRecord> lastSuccess(String job) {
        return jdbc.query("SELECT * FROM sync_run WHERE job_name = ? AND status = 'COMPLETED' AND exit_code IN (0, 3) "
                + "ORDER BY execution_id DESC FETCH FIRST 1 ROWS ONLY", (rs, n) -> map(rs), job).stream().findFirst();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Newest first. */
    public List<RunRecord> list(String job, int limit) {
        String where = job == null ? "" : " WHERE job_name = ?";
        Object[] args = job == null ? new Object[0] : new Object[] {job};
        return jdbc.query("SELECT * FROM sync_run" + where + " ORDER BY execution_id DESC FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", (rs, n) -> map(rs), args);
    }

    /** Newest first, only runs started at or after {@code since} (null: any). */
    public List<RunRecord> list(String job, Instant since, int limit) {
        if (since == null) {
            return list(job, limit);
        }
        String where = " WHERE started_at >= ?" + (job == null ? "" : " AND job_name = ?");
        Object[] args = job == null ? new Object[] {Sql.ts(since)} : new Object[] {Sql.ts(since), job};
        return jdbc.query("SELECT * FROM sync_run" + where + " ORDER BY execution_id DESC FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", (rs, n) -> map(rs), args);
    }

    public Optional<RunRecord> find(long executionId) {
        return jdbc.query("SELECT * FROM sync_run WHERE execution_id = ?", (rs, n) -> map(rs), executionId).stream().findFirst();
    }

    private static RunRecord map(ResultSet rs) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        return new RunRecord(rs.getLong("execution_id"), rs.getLong("plan_id"), rs.getString("job_name"),
                rs.getString("run_kind"), Sql.instant(rs, "started_at"), Sql.instant(rs, "ended_at"),
                rs.getString("status"), exitCode, rs.getLong("planned"), rs.getLong("copied"), rs.getLong("bytes_copied"),
                rs.getLong("skipped"), rs.getLong("failed"), rs.getLong("conflicts"), rs.getString("message"),
                new RunTally(rs.getLong("plan_items"), rs.getLong("plan_made_by"), rs.getLong("held"),
                        rs.getString("held_kinds"), rs.getLong("settled"), rs.getString("settled_kinds"),
                        rs.getLong("in_new_conflict"), rs.getString("conflict_kinds"), rs.getLong("target_changed"),
                        rs.getLong("left_pending"), rs.getLong("failed_earlier"), rs.getString("plan_note")));
    }
}
