package io.recsync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** The audit's own state: its runs, work lists, findings and when each copy was last proven. */
public final class AuditStore {

    /** One audit as `recsync audit --history` lists it. */
    public record AuditRun(long auditId, String job, Instant startedAt, Instant endedAt, String status, String scope,
            boolean repair, long planned, long checked, long findings, long repaired, long noGoodCopy, long bytesRead,
            Integer exitCode, String message) {}

    /** One copy to check. */
    public record Item(long auditId, long seq, String site, UUID recordingId) {}

    /**
     * What an audit found at one file. {@code kind}: MISSING, TRUNCATED (smaller than placed),
     * ALTERED (other bytes), UNEXPECTED (a file no placement accounts for). {@code repair}: null until
     * the repair step looked at it, then REPAIRED, NO_GOOD_COPY, SOURCE_FOUND (found a good copy but
     * not asked to repair), NOT_REPAIRABLE (unexpected files are left for a person), FAILED.
     */
    public record Finding(long findingId, long auditId, String job, String site, UUID recordingId, String role,
            String path, String kind, Long expectedSize, String expectedSha256, Long actualSize, String actualSha256,
            String detail, Instant foundAt, String repair, String repairedFrom, String quarantinedAt, String repairDetail) {

        public Finding(long auditId, String job, String site, UUID recordingId, String role, String path, String kind,
                Long expectedSize, String expectedSha256, Long actualSize, String actualSha256, String detail, Instant at) {
            this(0, auditId, job, site, recordingId, role, path, kind, expectedSize, expectedSha256, actualSize,
                    actualSha256, detail, at, null, null, null, null);
        }
    }

    private static final RowMapper<AuditRun> RUN = (rs, n) -> new AuditRun(rs.getLong("audit_id"), rs.getString("job_name"),
            Sql.instant(rs, "started_at"), Sql.instant(rs, "ended_at"), rs.getString("status"), rs.getString("scope"),
            rs.getBoolean("repair"), rs.getLong("planned"), rs.getLong("checked"), rs.getLong("findings"),
            rs.getLong("repaired"), rs.getLong("no_good_copy"), rs.getLong("bytes_read"),
            rs.getObject("exit_code") == null ? null : rs.getInt("exit_code"), rs.getString("message"));

    private static final RowMapper<Finding> FINDING = (rs, n) -> new Finding(rs.getLong("finding_id"),
            rs.getLong("audit_id"), rs.getString("job_name"), rs.getString("site_name"), Sql.uuid(rs, "recording_id"),
            rs.getString("file_role"), rs.getString("path"), rs.getString("kind"), Sql.nullableLong(rs, "expected_size"),
            rs.getString("expected_sha256"), Sql.nullableLong(rs, "actual_size"), rs.getString("actual_sha256"),
            rs.getString("detail"), Sql.instant(rs, "found_at"), rs.getString("repair"), rs.getString("repaired_from"),
            rs.getString("quarantined_at"), rs.getString("repair_detail"));

    private final JdbcTemplate jdbc;

    public AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long begin(String job, String scope, boolean repair, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO audit_run (job_name, started_at, status, scope, repair)"
                    + " VALUES (?, ?, 'STARTED', ?, ?)", new String[] {"audit_id"});
            ps.setString(1, job);
            ps.setObject(2, Sql.ts(at));
            ps.setString(3, PlacementEvidence.cut(scope));
            ps.setBoolean(4, repair);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** The job's last audit if it never ended (killed or failed): the next `recsync audit` resumes it. */
    public Optional<AuditRun> unfinished(String job) {
        return jdbc.query("SELECT * FROM audit_run WHERE job_name = ? ORDER BY audit_id DESC FETCH FIRST 1 ROWS ONLY",
                RUN, job).stream().filter(r -> !r.status().equals("ENDED")).findFirst();
    }

    public Optional<AuditRun> find(long auditId) {
        return jdbc.query("SELECT * FROM audit_run WHERE audit_id = ?", RUN, auditId).stream().findFirst();
    }

    public List<AuditRun> history(String job, int limit) {
        return jdbc.query("SELECT * FROM audit_run WHERE job_name = ? ORDER BY audit_id DESC FETCH FIRST " + limit
                + " ROWS ONLY", RUN, job);
    }

    public List<Item> pendingAfter(long auditId, long seq, int limit) {
        return jdbc.query("SELECT audit_id, seq, site_name, recording_id FROM audit_item WHERE audit_id = ? AND"
                + " status = 'PENDING' AND seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new Item(rs.getLong(1), rs.getLong(2), rs.getString(3), Sql.uuid(rs, "recording_id")),
                auditId, seq);
    }

    public void done(Item item) {
        jdbc.update("UPDATE audit_item SET status = 'DONE' WHERE audit_id = ? AND seq = ?", item.auditId(), item.seq());
    }

    public long checked(long auditId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_item WHERE audit_id = ? AND status = 'DONE'", Long.class,
                auditId);
        return n == null ? 0 : n;
    }

    /** Proven (or found wanting) now: the copy goes to the back of the next samples' queue. */
    /** Copies an audit found gone from a site that no longer owes them (past its retention or purge, not held). */
    public long expiredIn(long auditId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_proof WHERE audit_id = ? AND result = 'EXPIRED'",
                Long.class, auditId);
        return n == null ? 0 : n;
    }

    public void proven(String job, String site, UUID recordingId, Instant at, String result, long auditId) {
        int n = jdbc.update("UPDATE audit_proof SET proven_at = ?, result = ?, audit_id = ? WHERE job_name = ? AND"
                + " site_name = ? AND recording_id = ?", Sql.ts(at), result, auditId, job, site, recordingId);
        if (n == 0) {
            jdbc.update("INSERT INTO audit_proof (job_name, site_name, recording_id, proven_at, result, audit_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", job, site, recordingId, Sql.ts(at), result, auditId);
        }
    }

    public void addBytesRead(long auditId, long bytes) {
        if (bytes > 0) {
            jdbc.update("UPDATE audit_run SET bytes_read = bytes_read + ? WHERE audit_id = ?", bytes, auditId);
        }
    }

    public void addFinding(Finding f) {
        jdbc.update("INSERT INTO audit_finding (audit_id, job_name, site_name, recording_id, file_role, path, kind,"
                + " expected_size, expected_sha256, actual_size, actual_sha256, detail, found_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", f.auditId(), f.job(), f.site(), f.recordingId(),
                f.role(), f.path(), f.kind(), f.expectedSize(), f.expectedSha256(), f.actualSize(), f.actualSha256(),
                PlacementEvidence.cut(f.detail()), Sql.ts(f.foundAt()));
    }

    /** Forgets a site's UNEXPECTED findings of this audit: a restarted walk finds them again. */
    public void clearUnexpected(long auditId, String site) {
        jdbc.update("DELETE FROM audit_finding WHERE audit_id = ? AND site_name = ? AND kind = 'UNEXPECTED'", auditId, site);
    }

    public List<Finding> findings(long auditId) {
        return jdbc.query("SELECT * FROM audit_finding WHERE audit_id = ? ORDER BY finding_id", FINDING, auditId);
    }

    /** The repair step's answer for a finding other than a repair (which {@link PlacementEvidence#recordRepair} records). */
    public void settle(long findingId, String repair, String from, String detail) {
        jdbc.update("UPDATE audit_finding SET repair = ?, repaired_from = ?, repair_detail = ? WHERE finding_id = ?",
                repair, from, PlacementEvidence.cut(detail), findingId);
    }

    public void finish(long auditId, String status, int exitCode, long findings, long repaired, long noGoodCopy,
            String message, Instant at) {
        jdbc.update("UPDATE audit_run SET status = ?, exit_code = ?, checked = ?, findings = ?, repaired = ?,"
                + " no_good_copy = ?, message = ?, ended_at = ? WHERE audit_id = ?", status, exitCode, checked(auditId),
                findings, repaired, noGoodCopy, PlacementEvidence.cut(message), Sql.ts(at), auditId);
    }

    /** A run of the audit stopped (its process error): the audit stays unfinished, to be resumed. */
    public void stopped(long auditId, String message) {
        jdbc.update("UPDATE audit_run SET status = 'FAILED', message = ? WHERE audit_id = ?",
                PlacementEvidence.cut(message), auditId);
    }
}
