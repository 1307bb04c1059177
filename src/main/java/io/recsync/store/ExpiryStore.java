package io.recsync.store;

import io.recsync.config.LinkFilter;
import io.recsync.config.Retention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recordings "expired there": the source holds them, the target lacks them and they are past the
 * target's retention (and not on legal hold). Counted by the database per link, recorded per run
 * (table link_expiry) for the report, and counted again on demand for {@code status}.
 */
public final class ExpiryStore {

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;

    public ExpiryStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * @param filter the link's filter with relative bounds resolved
     * @return recordings of the link expired at its target at {@code at}
     */
    public long count(String job, long sourceSiteId, long targetSiteId, LinkFilter filter, Retention target, Instant at) {
        if (target == null || target.isEmpty() || !filter.audio()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(List.of(sourceSiteId, targetSiteId));
        String expired = RetentionSql.onlyExpired(target, job, "s", at, args);
        String where = PlanStore.where(filter, dialect, args);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM manifest_entry s WHERE s.site_id = ? AND NOT EXISTS (SELECT 1 "
                + "FROM manifest_entry t WHERE t.site_id = ? AND t.recording_id = s.recording_id)" + expired + where,
                Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    /** Recordings a source will purge within the alarm's window that no other site holds. */
    public record PurgeRisk(long items, Instant oldestRecordedAt, List<java.util.UUID> sample) {}

    /**
     * @param purgedBefore recordings made before this are purged by the source within the window
     * @param otherSiteIds the job's other indexed sites (a copy there is safe)
     */
    public PurgeRisk purgeRisk(long siteId, java.util.Collection<Long> otherSiteIds, Instant purgedBefore) {
        List<Object> args = new ArrayList<>(List.of(siteId, Sql.ts(purgedBefore)));
        args.addAll(otherSiteIds);
        String from = "FROM manifest_entry s WHERE s.site_id = ? AND s.recorded_at < ?" + (otherSiteIds.isEmpty() ? ""
                : " AND NOT EXISTS (SELECT 1 FROM manifest_entry o WHERE o.site_id IN ("
                        + String.join(",", java.util.Collections.nCopies(otherSiteIds.size(), "?"))
                        + ") AND o.recording_id = s.recording_id)");
        long[] n = new long[1];
        Instant[] oldest = new Instant[1];
        jdbc.query("SELECT COUNT(*) AS n, MIN(s.recorded_at) AS oldest " + from, rs -> {
            n[0] = rs.getLong("n");
            oldest[0] = Sql.instant(rs, "oldest");
        }, args.toArray());
        List<java.util.UUID> sample = n[0] == 0 ? List.of() : jdbc.query("SELECT s.recording_id " + from
                + " ORDER BY s.recorded_at, s.recording_id FETCH FIRST 5 ROWS ONLY", (rs, i) -> Sql.uuid(rs, "recording_id"),
                args.toArray());
        return new PurgeRisk(n[0], oldest[0], sample);
    }

    /** Records a run's count for one link (once: a restarted plan step counts again and replaces it). */
    public void record(long executionId, String job, String link, long expired) {
        jdbc.update("DELETE FROM link_expiry WHERE execution_id = ? AND link_name = ?", executionId, link);
        jdbc.update("INSERT INTO link_expiry (execution_id, job_name, link_name, expired) VALUES (?, ?, ?, ?)", executionId,
                job, link, expired);
    }

    /** A run's counts by link, in link order as recorded. */
    public Map<String, Long> ofRun(long executionId) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT link_name, expired FROM link_expiry WHERE execution_id = ? ORDER BY link_name",
                rs -> {
                    out.put(rs.getString("link_name"), rs.getLong("expired"));
                }, executionId);
        return out;
    }
}
