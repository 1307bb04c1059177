package io.recsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The conflict table: recorded by plans and transfers, listed and resolved by a person. */
public final class ConflictStore {

    private final JdbcTemplate jdbc;

    public ConflictStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records conflicts found during a transfer, in the caller's transaction. One already on
     * record (same fingerprint) is left as it is.
     *
     * @return how many were new
     */
    public int record(long executionId, List<ConflictRecord> found) {
        if (found.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<Object[]> rows = new ArrayList<>(found.size());
        for (ConflictRecord c : found) {
            rows.add(new Object[] {c.job(), c.kind(), c.fingerprint(), c.recordingId(), c.tenant(), c.sourceSite(),
                c.targetSite(), c.sourcePath(), c.sourceSize(), c.sourceSha256(), c.targetPath(), c.targetSize(),
                c.targetSha256(), truncate(c.detail()), c.status(), executionId, Sql.ts(now), c.resolution(),
                c.resolvedBy(), Sql.ts(c.resolvedAt()), c.sourceVersion(), c.targetVersion(), Sql.ts(c.sourceUpdatedAt()),
                Sql.ts(c.targetUpdatedAt()), c.job(), c.fingerprint(), c.job(), c.kind(), c.recordingId(),
                c.sourceSha256(), c.targetSha256(), c.targetSha256(), c.sourceSha256()});
        }
        // One batch for the chunk's or page's conflicts; each statement still sees the rows the
        // ones before it inserted, so a disagreement listed twice is recorded once.
        int[] counts = jdbc.batchUpdate("INSERT INTO conflict (job_name, kind, fingerprint, recording_id, tenant, source_site, "
                + "target_site, source_path, source_size, source_sha256, target_path, target_size, target_sha256, detail, "
                + "status, detected_execution_id, detected_at, resolution, resolved_by, resolved_at, source_version, "
                + "target_version, source_updated_at, target_updated_at) "
                + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) v "
                + "WHERE NOT EXISTS (SELECT 1 FROM conflict WHERE job_name = ? AND fingerprint = ?) "
                // The same two versions seen between another pair of sites are the same disagreement.
                + "AND NOT EXISTS (SELECT 1 FROM conflict d WHERE d.job_name = ? AND d.kind = ? AND d.recording_id = ? "
                + "AND ((d.source_sha256 = ? AND d.target_sha256 = ?) OR (d.source_sha256 = ? AND d.target_sha256 = ?)))",
                rows);
        return java.util.Arrays.stream(counts).sum();
    }

    /** Conflicts a run opened for a person (not those its policy settled). */
    public long countDetectedBy(long executionId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM conflict WHERE detected_execution_id = ? AND status = 'OPEN'",
                Long.class, executionId);
        return n == null ? 0 : n;
    }

    /** The job's open conflicts by kind, in name order (kinds with none absent). */
    public java.util.SortedMap<String, Long> openByKind(String job) {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT kind, COUNT(*) AS n FROM conflict WHERE job_name = ? AND status = 'OPEN' GROUP BY kind", rs -> {
            out.put(rs.getString("kind"), rs.getLong("n"));
        }, job);
        return out;
    }

    /** The kinds of the open conflicts one execution found, in name order, each with its count. */
    public java.util.SortedMap<String, Long> kindsDetectedBy(long executionId) {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT kind, COUNT(*) AS n FROM conflict WHERE detected_execution_id = ? AND status = 'OPEN' "
                + "GROUP BY kind", rs -> {
                    out.put(rs.getString("kind"), rs.getLong("n"));
                }, executionId);
        return out;
    }

    /** Filters for {@link #list}; null means any. */
    public record Query(String job, String status, String kind, String tenant, Instant since, int limit) {}

    public List<ConflictRecord> list(Query q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM conflict WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.job() != null) {
            sql.append(" AND job_name = ?");
            args.add(q.job());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().toUpperCase());
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind().toUpperCase());
        }
        if (q.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(q.tenant());
        }
        if (q.since() != null) {
            sql.append(" AND detected_at >= ?");
            args.add(Sql.ts(q.since()));
        }
        sql.append(" ORDER BY conflict_id FETCH FIRST ").append(Math.max(1, q.limit())).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), (rs, n) -> map(rs), args.toArray());
    }

    /** Every conflict one run found (open or settled by policy since), in id order. */
    public List<ConflictRecord> detectedBy(long executionId) {
        return jdbc.query("SELECT * FROM conflict WHERE detected_execution_id = ? ORDER BY conflict_id", (rs, n) -> map(rs),
                executionId);
    }

    /** When a conflict was found and when it was settled (null while open). */
    public record Times(String kind, Instant detectedAt, Instant resolvedAt) {}

    /** The job's conflicts found or settled at or after {@code since} (null: all), for a chart over time. */
    public List<Times> timeline(String job, Instant since) {
        StringBuilder sql = new StringBuilder("SELECT kind, detected_at, resolved_at FROM conflict WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (job != null) {
            sql.append(" AND job_name = ?");
            args.add(job);
        }
        if (since != null) {
            sql.append(" AND (detected_at >= ? OR resolved_at >= ?)");
            args.add(Sql.ts(since));
            args.add(Sql.ts(since));
        }
        return jdbc.query(sql.append(" ORDER BY conflict_id").toString(),
                (rs, n) -> new Times(rs.getString("kind"), Sql.instant(rs, "detected_at"), Sql.instant(rs, "resolved_at")),
                args.toArray());
    }

    public Optional<ConflictRecord> find(long id) {
        return jdbc.query("SELECT * FROM conflict WHERE conflict_id = ?", (rs, n) -> map(rs), id).stream().findFirst();
    }

    /** Marks a conflict resolved; answers false if it was not open. */
    public boolean resolve(long id, String resolution, String note, String by) {
        return jdbc.update("UPDATE conflict SET status = 'RESOLVED', resolution = ?, note = ?, resolved_by = ?, resolved_at = ? "
                + "WHERE conflict_id = ? AND status = 'OPEN'", resolution, truncate(note), by, Sql.ts(Instant.now()), id) == 1;
    }

    private static ConflictRecord map(ResultSet rs) throws SQLException {
        return new ConflictRecord(rs.getLong("conflict_id"), rs.getString("job_name"), rs.getString("kind"),
                Sql.uuid(rs, "recording_id"), rs.getString("tenant"), rs.getString("source_site"), rs.getString("target_site"),
                rs.getString("source_path"), Sql.nullableLong(rs, "source_size"), rs.getString("source_sha256"),
                rs.getString("target_path"), Sql.nullableLong(rs, "target_size"), rs.getString("target_sha256"),
                rs.getString("detail"), rs.getString("status"), Sql.nullableLong(rs, "detected_execution_id"),
                Sql.instant(rs, "detected_at"), rs.getString("resolution"), rs.getString("note"),
                rs.getString("resolved_by"), Sql.instant(rs, "resolved_at"), Sql.nullableLong(rs, "source_version"),
                Sql.nullableLong(rs, "target_version"), Sql.instant(rs, "source_updated_at"),
                Sql.instant(rs, "target_updated_at"));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
