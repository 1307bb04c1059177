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
        jdbc.update("UPDATE sync_run SET ended_at = ?, status = ?, exit_code = ?, planned = ?, copied = ?, bytes_copied = ?, "
                + "skipped = ?, failed = ?, conflicts = ?, message = ? WHERE execution_id = ?",
                Sql.ts(r.endedAt()), r.status(), r.exitCode(), r.planned(), r.copied(), r.bytesCopied(), r.skipped(),
                r.failed(), r.conflicts(), r.message() == null || r.message().length() <= 2000 ? r.message()
                        : r.message().substring(0, 1997) + "...", r.executionId());
    }

    /** Newest first. */
    public List<RunRecord> list(String job, int limit) {
        String where = job == null ? "" : " WHERE job_name = ?";
        Object[] args = job == null ? new Object[0] : new Object[] {job};
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
                rs.getLong("skipped"), rs.getLong("failed"), rs.getLong("conflicts"), rs.getString("message"));
    }
}
