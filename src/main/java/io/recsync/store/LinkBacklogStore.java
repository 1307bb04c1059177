package io.recsync.store;

import io.recsync.config.LinkFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far each link is behind, from the state database alone (no site is touched).
 *
 * <p>The backlog of a link (source -> target, with its filter) is what its next plan would copy as
 * recsync knows the two sites now: the recordings of the source's index (within the link's
 * filter) that the target's index lacks (when the link carries audio), and those whose sidecar the
 * target lacks beside the same audio (when it carries metadata). A recording is off the backlog
 * once the target's index holds it, which is after its copy was verified and committed (or a scan
 * of the target found it). Its bytes are what the copy would write; the lag is the age of the
 * oldest recording of the backlog by its {@code recordedAt}: the manifest's or sidecar's, else the
 * path template's, else the audio file's modification time when the scan first saw it.
 *
 * <p>One set-based aggregate per link over the source's index (an outer join on the target's
 * primary key), grouped by tenant: never a row per recording in memory, on H2 and PostgreSQL alike.
 * What a site holds is what its last refresh found: a recording that appeared at the source since
 * is not in the backlog until the next run's refresh.
 */
public final class LinkBacklogStore {

    /**
     * A link's backlog for one tenant, or its total when {@code tenant} is null.
     *
     * @param oldest recordedAt of the oldest recording not yet at the target; null when none
     */
    public record LinkBacklog(String job, String link, String source, String target, String tenant, long items, long bytes,
            Instant oldest) {

        /** Age of the oldest recording still owed at {@code now}; zero when nothing is owed. */
        public Duration lag(Instant now) {
            if (oldest == null || items == 0) {
                return Duration.ZERO;
            }
            Duration d = Duration.between(oldest, now);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    /** A link as the backlog sees it: its name in history ({@code hq->dr}), its sites, its filter. */
    /**
     * @param group for a member link of a target group, the group's name: only recordings whose
     *     preferred member is this link's target are owed to it (see {@link GroupChoiceStore}); null otherwise
     */
    /** @param targetRetention the target's retention: what is expired there is owed to nobody (null: keeps all) */
    public record Link(String name, String source, String target, LinkFilter filter, String group,
            io.recsync.config.Retention targetRetention) {
        public Link(String name, String source, String target, LinkFilter filter, String group) {
            this(name, source, target, filter, group, null);
        }

        public Link(String name, String source, String target, LinkFilter filter) {
            this(name, source, target, filter, null);
        }
    }

    /** One snapshot row: the backlog of a link (tenant null: the total) when run {@code executionId} ended. */
    public record Snapshot(long executionId, Instant takenAt, LinkBacklog backlog) {}

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;

    public LinkBacklogStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * The backlog of each link now, per tenant that owes something (in tenant order within each
     * link): {@link #totals} sums a link's rows, with a zero total for a link that owes nothing.
     * A link whose sites recsync has never indexed is absent (see {@link #knownSites}).
     *
     * @param at when "now" is: relative filter bounds ({@code since: 30d}) resolve against it
     */
    public List<LinkBacklog> now(String job, List<Link> links, Instant at) {
        Map<String, Long> sites = knownSites(job);
        List<LinkBacklog> out = new ArrayList<>();
        for (Link l : links) {
            Long src = sites.get(l.source());
            Long tgt = sites.get(l.target());
            if (src == null || tgt == null) {
                continue;
            }
            out.addAll(ofLink(job, l, src, tgt, l.filter().resolvedAt(at), at));
        }
        return out;
    }

    /**
     * Two grouped statements: an anti-join of the source's rows against the target's primary key
     * (recordings the target lacks: audio links), and a join from the target's rows without a
     * sidecar to the source's (a sidecar the target lacks beside the same audio: metadata links).
     * Only tenants that owe something come back. (One statement with an outer join and conditional
     * sums cost H2 11.6 s at a million recordings: BacklogQueryBench.)
     */
    private List<LinkBacklog> ofLink(String job, Link l, long sourceId, long targetId, LinkFilter f, Instant at) {
        Map<String, long[]> items = new java.util.TreeMap<>();
        Map<String, Instant> oldest = new java.util.HashMap<>();
        if (f.audio()) {
            String bytes = f.metadata() ? "s.audio_size + COALESCE(s.meta_size, 0)" : "s.audio_size";
            // A recording past the target's retention that it lacks is expired there: owed to nobody.
            if (l.group() == null) {
                List<Object> ids = new ArrayList<>(List.of(sourceId, targetId));
                add(items, oldest, "manifest_entry s WHERE s.site_id = ? AND NOT EXISTS (SELECT 1 FROM manifest_entry t WHERE "
                        + "t.site_id = ? AND t.recording_id = s.recording_id)"
                        + RetentionSql.notExpired(l.targetRetention(), job, "s", at, ids), bytes, ids, f);
            } else {
                // A group member owes only the recordings its group chose it for (their preferred member).
                List<Object> ids = new ArrayList<>(List.of(sourceId, targetId, job, l.group(), l.target()));
                add(items, oldest, "manifest_entry s WHERE s.site_id = ? AND NOT EXISTS (SELECT 1 FROM manifest_entry t WHERE "
                        + "t.site_id = ? AND t.recording_id = s.recording_id) AND EXISTS (SELECT 1 FROM group_choice c WHERE "
                        + "c.job_name = ? AND c.group_name = ? AND c.recording_id = s.recording_id AND c.preferred_site = ?)"
                        + RetentionSql.notExpired(l.targetRetention(), job, "s", at, ids), bytes, ids, f);
            }
        }
        if (f.metadata()) {
            // From the target's rows without a sidecar (few) to the source's by key: asking each of
            // the source's rows whether the target lacks its sidecar read every target row at random
            // (2.2 s at 300,000 recordings on H2, against 0.4 s). The outer join keeps H2 to that
            // order (see PlanStore.entries); the WHERE on s.site_id makes it an inner join.
            add(items, oldest, "(SELECT recording_id, audio_sha256 FROM manifest_entry WHERE site_id = ? AND meta_path IS NULL) k "
                    + "LEFT JOIN manifest_entry s ON s.site_id = ? AND s.recording_id = k.recording_id "
                    + "WHERE s.site_id = ? AND s.meta_path IS NOT NULL AND s.audio_sha256 = k.audio_sha256",
                    "COALESCE(s.meta_size, 0)", List.of(targetId, sourceId, sourceId), f);
        }
        List<LinkBacklog> out = new ArrayList<>();
        items.forEach((tenant, n) -> out.add(new LinkBacklog(job, l.name(), l.source(), l.target(), tenant, n[0], n[1],
                oldest.get(tenant))));
        return out;
    }

    /** Adds {@code SELECT ... FROM <from> <filter> GROUP BY s.tenant} to the tenants' sums. */
    private void add(Map<String, long[]> items, Map<String, Instant> oldest, String from, String bytes, List<?> ids,
            LinkFilter f) {
        List<Object> args = new ArrayList<>(ids);
        String sql = "SELECT s.tenant, COUNT(*) AS items, SUM(" + bytes + ") AS bytes, MIN(s.recorded_at) AS oldest "
                + "FROM " + from + PlanStore.where(f, dialect, args) + " GROUP BY s.tenant";
        jdbc.query(sql, rs -> {
            String tenant = rs.getString("tenant");
            long[] n = items.computeIfAbsent(tenant, k -> new long[2]);
            n[0] += rs.getLong("items");
            n[1] += rs.getLong("bytes");
            Instant o = Sql.instant(rs, "oldest");
            oldest.merge(tenant, o, (a, b) -> a.isBefore(b) ? a : b);
        }, args.toArray());
    }

    /** Site name -> id of the sites of {@code job} that recsync has indexed (a run has seen them). */
    public Map<String, Long> knownSites(String job) {
        Map<String, Long> ids = new LinkedHashMap<>();
        jdbc.query("SELECT site_name, site_id FROM site WHERE job_name = ? ORDER BY site_id",
                rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                }, job);
        return ids;
    }

    /**
     * Each link's total over its tenants (tenant null), in the order of {@code links}; a link of
     * {@code links} with no row (its source holds nothing in its filter) gets a zero total when
     * both of its sites are known.
     */
    public static List<LinkBacklog> totals(String job, List<Link> links, List<LinkBacklog> rows, Map<String, Long> knownSites) {
        List<LinkBacklog> out = new ArrayList<>();
        for (Link l : links) {
            if (!knownSites.containsKey(l.source()) || !knownSites.containsKey(l.target())) {
                continue;
            }
            long items = 0;
            long bytes = 0;
            Instant oldest = null;
            for (LinkBacklog r : rows) {
                if (r.link().equals(l.name()) && r.tenant() != null) {
                    items += r.items();
                    bytes += r.bytes();
                    if (r.oldest() != null && (oldest == null || r.oldest().isBefore(oldest))) {
                        oldest = r.oldest();
                    }
                }
            }
            out.add(new LinkBacklog(job, l.name(), l.source(), l.target(), null, items, bytes, oldest));
        }
        return out;
    }

    /**
     * Keeps the backlog as run {@code executionId} left it: every tenant row of {@code rows} with a
     * backlog, and every total row (tenant null, kept as tenant ''). Written again for the same
     * run (a recovered run's summary) it replaces what was there.
     */
    public void snapshot(long executionId, List<LinkBacklog> rows, Instant takenAt) {
        jdbc.update("DELETE FROM link_backlog WHERE execution_id = ?", executionId);
        List<Object[]> batch = new ArrayList<>();
        for (LinkBacklog r : rows) {
            if (r.tenant() != null && r.items() == 0) {
                continue;
            }
            batch.add(new Object[] {executionId, r.job(), r.link(), r.source(), r.target(), r.tenant() == null ? "" : r.tenant(),
                r.items(), r.bytes(), Sql.ts(r.oldest()), Sql.ts(takenAt)});
        }
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO link_backlog (execution_id, job_name, link_name, source_site, target_site, tenant, "
                    + "items, bytes, oldest_at, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch);
        }
    }

    /**
     * The snapshots of {@code job} taken at or after {@code since} (null: all), oldest first; per
     * run, each link's total (tenant null) and its tenants with a backlog.
     */
    public List<Snapshot> history(String job, Instant since) {
        List<Object> args = new ArrayList<>(List.of(job));
        String sql = "SELECT * FROM link_backlog WHERE job_name = ?";
        if (since != null) {
            sql += " AND taken_at >= ?";
            args.add(Sql.ts(since));
        }
        sql += " ORDER BY execution_id, link_name, tenant";
        return jdbc.query(sql, (rs, n) -> {
            String tenant = rs.getString("tenant");
            return new Snapshot(rs.getLong("execution_id"), Sql.instant(rs, "taken_at"),
                    new LinkBacklog(rs.getString("job_name"), rs.getString("link_name"), rs.getString("source_site"),
                            rs.getString("target_site"), tenant.isEmpty() ? null : tenant, rs.getLong("items"),
                            rs.getLong("bytes"), Sql.instant(rs, "oldest_at")));
        }, args.toArray());
    }

    /**
     * The snapshot run {@code executionId} took: each link's total (tenant null) and its tenants
     * that owed something; empty when it took none.
     */
    public List<LinkBacklog> ofRun(long executionId) {
        return jdbc.query("SELECT * FROM link_backlog WHERE execution_id = ? ORDER BY link_name, tenant", (rs, n) -> {
            String tenant = rs.getString("tenant");
            return new LinkBacklog(rs.getString("job_name"), rs.getString("link_name"), rs.getString("source_site"),
                    rs.getString("target_site"), tenant.isEmpty() ? null : tenant, rs.getLong("items"), rs.getLong("bytes"),
                    Sql.instant(rs, "oldest_at"));
        }, executionId);
    }

    /** The run of the newest snapshot of {@code job}, if any run took one. */
    public Optional<Long> lastSnapshotRun(String job) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(execution_id) FROM link_backlog WHERE job_name = ?",
                Long.class, job));
    }

    /**
     * What run {@code executionId} did per link and tenant: recordings copied (audio or a metadata
     * update), bytes written, items that failed. From the items it finished (one indexed query).
     */
    public record RunItems(String link, String source, String target, String tenant, long copied, long bytes, long failed) {}

    public List<RunItems> runItems(long executionId) {
        return jdbc.query("SELECT x.link_name, a.site_name AS source_site, b.site_name AS target_site, x.tenant, "
                + "SUM(CASE WHEN x.outcome IN ('COPIED', 'METADATA_UPDATED') THEN 1 ELSE 0 END) AS copied, "
                + "SUM(x.bytes_copied) AS bytes, SUM(CASE WHEN x.status = 'FAILED' THEN 1 ELSE 0 END) AS failed "
                + "FROM transfer_item x JOIN site a ON a.site_id = x.source_site_id JOIN site b ON b.site_id = x.target_site_id "
                + "WHERE x.finished_execution_id = ? GROUP BY x.link_name, a.site_name, b.site_name, x.tenant "
                + "ORDER BY x.link_name, x.tenant",
                (rs, n) -> new RunItems(rs.getString("link_name"), rs.getString("source_site"), rs.getString("target_site"),
                        rs.getString("tenant"), rs.getLong("copied"), rs.getLong("bytes"), rs.getLong("failed")),
                executionId);
    }
}
