package io.recsync.store;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When each target was last proven in full: a resync rescanned and rehashed all of it, so that a
 * file lost, altered or left there by someone else was seen (issue 11). A nightly sync proves only
 * what it copied; it trusts recsync's own records of the rest.
 */
public final class FullProofStore {

    /** Scope of a proof over the whole site. */
    public static final String ALL = "all";

    /**
     * The latest proof of one site of a job in one scope, with the run that made it.
     *
     * @param exitCode that run's exit code, null while it runs (or if it died)
     */
    public record Proof(String job, String site, String scope, Instant provenAt, long executionId, String runKind,
            Integer exitCode) {}

    private final JdbcTemplate jdbc;

    public FullProofStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(long executionId, String job, String site, Instant at, String scope) {
        jdbc.update("DELETE FROM full_proof WHERE execution_id = ? AND site_name = ?", executionId, site);
        jdbc.update("INSERT INTO full_proof (execution_id, job_name, site_name, proven_at, scope) VALUES (?, ?, ?, ?, ?)",
                executionId, job, site, Sql.ts(at), scope);
    }

    /** The latest proof per (job, site, scope), ordered by job, site, whole-site first. */
    public List<Proof> latest(String job) {
        String where = job == null ? "" : " WHERE p.job_name = ?";
        Object[] args = job == null ? new Object[0] : new Object[] {job};
        return jdbc.query("SELECT p.job_name, p.site_name, p.scope, p.proven_at, p.execution_id, r.run_kind, r.exit_code "
                + "FROM full_proof p LEFT JOIN sync_run r ON r.execution_id = p.execution_id" + where
                + (where.isEmpty() ? " WHERE" : " AND") + " p.proven_at = (SELECT MAX(q.proven_at) FROM full_proof q "
                + "WHERE q.job_name = p.job_name AND q.site_name = p.site_name AND q.scope = p.scope) "
                + "ORDER BY p.job_name, p.site_name, CASE WHEN p.scope = 'all' THEN 0 ELSE 1 END, p.scope", (rs, n) -> {
                    int exit = rs.getInt("exit_code");
                    Integer exitCode = rs.wasNull() ? null : exit;
                    return new Proof(rs.getString("job_name"), rs.getString("site_name"), rs.getString("scope"),
                            Sql.instant(rs, "proven_at"), rs.getLong("execution_id"), rs.getString("run_kind"), exitCode);
                }, args);
    }

    /** Sites each of these runs proved in full, comma-separated, by run id. */
    public java.util.Map<Long, String> sitesByRun(java.util.Collection<Long> executionIds) {
        java.util.Map<Long, java.util.TreeSet<String>> sites = new java.util.HashMap<>();
        if (executionIds.isEmpty()) {
            return java.util.Map.of();
        }
        jdbc.query("SELECT execution_id, site_name FROM full_proof WHERE execution_id IN ("
                + String.join(",", java.util.Collections.nCopies(executionIds.size(), "?")) + ")",
                rs -> {
                    sites.computeIfAbsent(rs.getLong("execution_id"), k -> new java.util.TreeSet<>())
                            .add(rs.getString("site_name"));
                }, executionIds.toArray());
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        sites.forEach((id, names) -> out.put(id, String.join(",", names)));
        return out;
    }
}
