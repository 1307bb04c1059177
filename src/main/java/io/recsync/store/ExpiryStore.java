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
