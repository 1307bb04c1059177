package io.recsync.store;

import io.recsync.config.LinkFilter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The diff, done where the data is: set-based INSERT ... SELECT statements over the manifest
 * index. Nothing here holds a site's list in memory, whatever the archive's size.
 */
public final class PlanStore {

    private static final String ENTRY_COLUMNS = "s.tenant, s.grp, s.recorded_at, s.audio_path, s.audio_size, s.audio_sha256, "
            + "s.meta_path, s.meta_size, s.meta_sha256, s.version, s.updated_at";

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;

    public PlanStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * One link to plan: its ids and the (job and command line) filter combined, with relative
     * bounds already resolved against the run's start ({@link LinkFilter#resolvedAt}).
     */
    /**
     * @param changedOnly only the recordings in this plan's scope ({@link #scopeChanges}) are
     *     planned: the rest are as a confirmed plan left them (TransferPlanner decides when that holds)
     */
    /**
     * @param targetRetention the target's retention: a recording past it that the target lacks is
     *     expired there and not planned (unless {@code job} holds it); null or empty keeps everything
     * @param at the run's start, against which retention resolves
     */
    public record LinkScope(long planId, String linkName, long sourceSiteId, long targetSiteId, LinkFilter filter,
            boolean changedOnly, io.recsync.config.Retention targetRetention, String job, java.time.Instant at) {
        public LinkScope(long planId, String linkName, long sourceSiteId, long targetSiteId, LinkFilter filter) {
            this(planId, linkName, sourceSiteId, targetSiteId, filter, false);
        }

        public LinkScope(long planId, String linkName, long sourceSiteId, long targetSiteId, LinkFilter filter,
                boolean changedOnly) {
            this(planId, linkName, sourceSiteId, targetSiteId, filter, changedOnly, null, null, null);
        }
    }

    /**
     * Puts in plan {@code planId}'s scope every recording with an index row (at any site) stamped
     * after execution {@code afterRefresh}, and every recording plan {@code earlierPlan} had an item
     * for (its copies carry that execution's own stamp).
     *
     * @return recordings in the scope
     */
    public int scopeChanges(long planId, long afterRefresh, long earlierPlan) {
        return jdbc.update("INSERT INTO plan_scope (plan_id, recording_id) SELECT ?, u.recording_id FROM ("
                + "SELECT c.recording_id FROM manifest_entry c WHERE c.refresh_id > ? "
                + "UNION SELECT x.recording_id FROM transfer_item x WHERE x.plan_id = ?) u", planId, afterRefresh, earlierPlan);
    }

    private static Long scope(LinkScope l) {
        return l.changedOnly() ? l.planId() : null;
    }

    /** Empties the plan's scope once it is planned. */
    public void forgetScope(long planId) {
        jdbc.update("DELETE FROM plan_scope WHERE plan_id = ?", planId);
    }

    /**
     * The manifest_entry table under alias {@code alias} for a FROM clause: all of it, or when
     * {@code scopePlan} is not null only the recordings in that plan's scope, read from the scope
     * (H2 then starts from the scope's keys and looks each row up, instead of reading the site).
     * For statements over several sites; over one site, {@link #entries(String, Long, long)} pins
     * the order.
     */
    public static String entries(String alias, Long scopePlan) {
        if (scopePlan == null) {
            return "manifest_entry " + alias;
        }
        String k = "k_" + alias;
        return "plan_scope " + k + " JOIN manifest_entry " + alias + " ON " + alias + ".recording_id = " + k + ".recording_id AND "
                + k + ".plan_id = " + scopePlan.longValue();
    }

    /**
     * As {@link #entries(String, Long)}, for a statement that also says {@code alias.site_id = siteId}
     * in its WHERE (which, being false for the outer join's empty rows, keeps the result that of
     * an inner join). With a scope, the scope is joined first by an outer join, because H2 must not
     * choose the order: it takes an equality on {@code site_id} for about a hundred rows (a
     * column's selectivity cannot go under 1%), so with a few hundred recordings in the scope it
     * started from the site's rows and read all of them (a nightly of 1% new at 1,000,000
     * recordings planned for 80 to 190 s instead of about 2). H2 never reorders the tables of an
     * outer join, nor any joined after it, and looks each row up by its key; PostgreSQL's planner
     * turns it back into an inner join and orders it on its statistics.
     */
    public static String entries(String alias, Long scopePlan, long siteId) {
        if (scopePlan == null) {
            return "manifest_entry " + alias;
        }
        String k = "k_" + alias;
        return "(SELECT recording_id FROM plan_scope WHERE plan_id = " + scopePlan.longValue() + ") " + k
                + " LEFT JOIN manifest_entry " + alias + " ON " + alias + ".site_id = " + siteId + " AND " + alias
                + ".recording_id = " + k + ".recording_id";
    }

    /**
     * Items for recordings the source holds and the target lacks (audio, plus metadata if the link
     * carries it), and metadata-only items where the target has the audio but no sidecar. A
     * recording another link of this plan already brings to the target is not planned twice.
     *
     * @return the number of items planned
     */
    /**
     * Over alias {@code s} (the source's manifest_entry row): the source's sidecar is not a version
     * a person gave up. While a decision is still being carried to the job's sites (a decided
     * baseline with other metadata, see MetadataStore), a site still holding the old sidecar is no
     * source for it: its own sidecar is replaced in this run, and a copy from it would hand the
     * given-up version to a site that lacked the recording. Another link brings the decided one.
     */
    private static final String NOT_GIVEN_UP = " AND NOT EXISTS (SELECT 1 FROM meta_baseline g WHERE g.recording_id = "
            + "s.recording_id AND g.decided = TRUE AND s.meta_sha256 IS NOT NULL AND g.meta_sha256 <> s.meta_sha256)";

    public int planMissing(LinkScope l) {
        int n = 0;
        if (l.filter().audio()) {
            List<Object> args = new ArrayList<>(List.of(l.planId(), l.linkName(), l.targetSiteId(), l.filter().metadata(),
                    l.sourceSiteId(), l.targetSiteId(), l.planId(), l.targetSiteId()));
            n += jdbc.update("INSERT INTO transfer_item (plan_id, link_name, source_site_id, target_site_id, recording_id, "
                    + "copy_audio, copy_metadata, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, meta_path, "
                    + "meta_size, meta_sha256, version, updated_at, status) "
                    + "SELECT ?, ?, s.site_id, ?, s.recording_id, TRUE, (? AND s.meta_path IS NOT NULL), " + ENTRY_COLUMNS
                    + ", 'PENDING' FROM " + entries("s", scope(l), l.sourceSiteId()) + " WHERE s.site_id = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM manifest_entry t WHERE t.site_id = ? AND t.recording_id = s.recording_id) "
                    + "AND NOT EXISTS (SELECT 1 FROM transfer_item x WHERE x.plan_id = ? AND x.target_site_id = ? "
                    + "AND x.recording_id = s.recording_id)" + NOT_GIVEN_UP
                    + RetentionSql.notExpired(l.targetRetention(), l.job(), "s", l.at(), args) + where(l.filter(), dialect, args)
, args.toArray());
        }
        if (l.filter().metadata()) {
            addMetadataToPlannedAudio(l);
            List<Object> args = new ArrayList<>(List.of(l.planId(), l.linkName(), l.targetSiteId(), l.sourceSiteId(),
                    l.targetSiteId(), l.planId(), l.targetSiteId()));
            n += jdbc.update("INSERT INTO transfer_item (plan_id, link_name, source_site_id, target_site_id, recording_id, "
                    + "copy_audio, copy_metadata, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, meta_path, "
                    + "meta_size, meta_sha256, version, updated_at, status) "
                    + "SELECT ?, ?, s.site_id, ?, s.recording_id, FALSE, TRUE, " + ENTRY_COLUMNS
                    + ", 'PENDING' FROM " + entries("s", scope(l), l.sourceSiteId())
                    + " JOIN manifest_entry t ON t.recording_id = s.recording_id "
                    + "WHERE s.site_id = ? AND t.site_id = ? AND s.meta_path IS NOT NULL AND t.meta_path IS NULL "
                    + "AND s.audio_sha256 = t.audio_sha256 "
                    + "AND NOT EXISTS (SELECT 1 FROM transfer_item x WHERE x.plan_id = ? AND x.target_site_id = ? "
                    + "AND x.recording_id = s.recording_id)" + NOT_GIVEN_UP + where(l.filter(), dialect, args)
, args.toArray());
        }
        return n;
    }

    /**
     * A pair may have an audio-only link and a metadata-only link (one per schedule). When both run
     * in one plan, the audio link's item for a recording the target lacks blocks a second item for
     * it (one per plan, target and recording), and the metadata link would find no audio at the
     * target to add a sidecar to: so the sidecar rides on the planned item instead, when this
     * link's source offers the same audio and metadata as that item copies.
     */
    private void addMetadataToPlannedAudio(LinkScope l) {
        List<Object> args = new ArrayList<>(List.of(l.planId(), l.targetSiteId(), l.sourceSiteId()));
        jdbc.update("UPDATE transfer_item x SET copy_metadata = TRUE WHERE x.plan_id = ? AND x.target_site_id = ? "
                + "AND x.copy_audio = TRUE AND x.copy_metadata = FALSE AND x.meta_path IS NOT NULL AND x.status = 'PENDING' "
                + "AND EXISTS (SELECT 1 FROM manifest_entry s WHERE s.site_id = ? AND s.recording_id = x.recording_id "
                + "AND s.audio_sha256 = x.audio_sha256 AND s.meta_sha256 = x.meta_sha256" + NOT_GIVEN_UP
                + where(l.filter(), dialect, args) + ")",
                args.toArray());
    }

    /**
     * Opens a conflict for every recording both sites hold with different audio: never settled
     * automatically. A disagreement already on record (open or resolved) is not recorded again.
     * (Different metadata over the same audio is an update or a conflict: see MetadataPlanner.)
     *
     * @return the number of conflicts newly opened
     */
    public int planConflicts(String jobName, long executionId, String sourceSite, String targetSite, LinkScope l) {
        int n = insertConflicts(jobName, executionId, sourceSite, targetSite, l, "AUDIO_DIFFERS",
                "s.audio_sha256 <> t.audio_sha256", "s.audio_path", "s.audio_size", "s.audio_sha256",
                "t.audio_path", "t.audio_size", "t.audio_sha256",
                "same recording id, different audio: the target's original is kept; review which one is authentic");
        return n;
    }

    private int insertConflicts(String job, long executionId, String sourceSite, String targetSite, LinkScope l, String kind,
            String differs, String sp, String ss, String sh, String tp, String ts, String th, String detail) {
        // The fingerprint names the two sides in a fixed order, so A->B and B->A of a two-way pair
        // describe one disagreement, not two.
        boolean sourceFirst = sourceSite.compareTo(targetSite) <= 0;
        String fingerprint = "'" + kind + "|' || CAST(s.recording_id AS VARCHAR(36)) || '|' || "
                + (sourceFirst ? "? || '|' || ? || '|' || " + sh + " || '|' || " + th
                        : "? || '|' || ? || '|' || " + th + " || '|' || " + sh);
        List<Object> args = new ArrayList<>();
        args.add(job);
        args.add(sourceFirst ? sourceSite : targetSite);
        args.add(sourceFirst ? targetSite : sourceSite);
        args.add(sourceSite);
        args.add(targetSite);
        args.add(detail);
        args.add(executionId);
        args.add(Sql.ts(java.time.Instant.now()));
        args.add(l.sourceSiteId());
        args.add(l.targetSiteId());
        args.add(job);
        // The NOT EXISTS repeats the fingerprint expression, so its site parameters come twice.
        args.add(sourceFirst ? sourceSite : targetSite);
        args.add(sourceFirst ? targetSite : sourceSite);
        String sql = "INSERT INTO conflict (job_name, kind, fingerprint, recording_id, tenant, source_site, target_site, "
                + "source_path, source_size, source_sha256, target_path, target_size, target_sha256, detail, status, "
                + "detected_execution_id, detected_at) "
                + "SELECT ?, '" + kind + "', " + fingerprint + ", s.recording_id, s.tenant, ?, ?, " + sp + ", " + ss + ", " + sh
                + ", " + tp + ", " + ts + ", " + th + ", ?, 'OPEN', ?, ? "
                + "FROM " + entries("s", scope(l), l.sourceSiteId()) + " JOIN manifest_entry t ON t.recording_id = s.recording_id "
                + "WHERE s.site_id = ? AND t.site_id = ? AND " + differs
                + " AND NOT EXISTS (SELECT 1 FROM conflict c WHERE c.job_name = ? AND c.fingerprint = " + fingerprint + ")"
                // The same two versions of a recording between another pair of sites are the same
                // disagreement: in a mesh, the site that got the preferred version (from the site
                // with the better priority) now differs from the one holding the other version, and
                // reporting that as new would make every later run exit 3 for a conflict on record.
                // A copy found altered at the target (COPY_ALTERED, recorded by the scan) is that
                // same disagreement, already named for what it is.
                + " AND NOT EXISTS (SELECT 1 FROM conflict d WHERE d.job_name = ? AND d.kind IN ('" + kind + "', 'COPY_ALTERED')"
                + " AND d.recording_id = s.recording_id AND ((d.source_sha256 = " + sh + " AND d.target_sha256 = " + th
                + ") OR (d.source_sha256 = " + th + " AND d.target_sha256 = " + sh + ")))";
        args.add(job);
        sql += where(l.filter(), dialect, args);
        return jdbc.update(sql, args.toArray());
    }

    /**
     * The filter as SQL over alias {@code s} (a manifest_entry row), appending its parameters to
     * {@code args}. Everything is decided by the database: no site's list is read into memory.
     *
     * @throws IllegalStateException when a bound is still relative: the caller resolves it
     *     against the run's start, so that "30d" means the same instant in every statement of a run
     */
    static String where(LinkFilter f, SqlDialect dialect, List<Object> args) {
        if (f.relative()) {
            throw new IllegalStateException("relative since/until must be resolved against the run's start first");
        }
        StringBuilder w = new StringBuilder();
        names(w, "s.tenant", "IN", f.tenants(), args);
        names(w, "s.tenant", "NOT IN", f.excludeTenants(), args);
        names(w, "s.grp", "IN", f.groups(), args);
        names(w, "s.grp", "NOT IN", f.excludeGroups(), args);
        if (f.since() != null) {
            w.append(" AND s.recorded_at >= ?");
            args.add(Sql.ts(f.sinceInstant()));
        }
        if (f.until() != null) {
            w.append(" AND s.recorded_at < ?");
            args.add(Sql.ts(f.untilInstant()));
        }
        for (List<String> anyOf : f.paths()) {
            w.append(" AND (");
            for (int i = 0; i < anyOf.size(); i++) {
                w.append(i == 0 ? "" : " OR ").append(PathGlobSql.condition(anyOf.get(i), "s.audio_path", dialect, args));
            }
            w.append(")");
        }
        return w.toString();
    }

    private static void names(StringBuilder w, String column, String op, java.util.Set<String> names, List<Object> args) {
        if (!names.isEmpty()) {
            w.append(" AND ").append(column).append(' ').append(op).append(" (").append(marks(names.size())).append(")");
            args.addAll(names);
        }
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }
}
