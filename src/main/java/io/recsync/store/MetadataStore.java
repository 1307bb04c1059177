package io.recsync.store;

import io.recsync.config.LinkFilter;
import io.recsync.manifest.Recording;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQL behind metadata updates: which recordings' metadata differs between linked sites, what
 * every site holds for them, and the per-site baselines that tell an edit from a stale copy.
 * Work is set-based or a page of recordings at a time, so a mass re-tag of an archive does not
 * have to fit in memory.
 */
public final class MetadataStore {

    /** A link along which a recording's metadata differs. */
    public record Edge(long sourceSiteId, long targetSiteId, String linkName) {}

    /**
     * What one site holds for a recording, with its baseline (null when none); {@code decided}: the
     * baseline is the version a person chose in {@code conflicts resolve}, not yet at every site.
     */
    public record Held(long siteId, Recording recording, String baselineSha256, boolean decided) {}

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;

    public MetadataStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * Sites whose copies of a recording agree again (after recsync's updates, or edits that met)
     * get that agreement as their new baseline; a person's decision that every site now holds is
     * no longer pending. Only recordings that have baselines are looked at: the rest are judged by
     * version, and there are as many as recsync ever updated.
     */
    public void settleBaselines(Collection<Long> siteIds) {
        settleBaselines(siteIds, null);
    }

    /**
     * @param scopePlan when not null, only the recordings in that plan's scope
     *     (PlanStore#scopeChanges); the others agree or differ as they did
     */
    public void settleBaselines(Collection<Long> siteIds, Long scopePlan) {
        String sites = marks(siteIds.size());
        String agreeing = "SELECT e.recording_id FROM " + PlanStore.entries("e", scopePlan) + " WHERE e.site_id IN (" + sites
                + ") AND e.recording_id IN (SELECT b.recording_id FROM meta_baseline b WHERE b.site_id IN (" + sites + ")) "
                + "GROUP BY e.recording_id HAVING COUNT(DISTINCT e.meta_sha256) = 1 AND COUNT(e.meta_sha256) = COUNT(*) "
                + "AND COUNT(DISTINCT e.audio_sha256) = 1";
        // A site that no longer holds the recording (lost, found by a resync) has no baseline: a
        // copy it gets later starts from what it is given, not from what it once had.
        jdbc.update("DELETE FROM meta_baseline b WHERE b.site_id IN (" + sites + ") AND NOT EXISTS (SELECT 1 FROM "
                + "manifest_entry e WHERE e.site_id = b.site_id AND e.recording_id = b.recording_id)", siteIds.toArray());
        Long baselines = jdbc.queryForObject("SELECT COUNT(*) FROM meta_baseline WHERE site_id IN (" + sites + ")", Long.class,
                siteIds.toArray());
        if (baselines == null || baselines == 0) {
            // No recording of these sites has a baseline: nothing can agree again (the statements
            // below would still read every row of the sites to find that out).
            return;
        }
        List<Object> args = new ArrayList<>(siteIds);
        args.addAll(siteIds);
        args.addAll(siteIds);
        jdbc.update("INSERT INTO meta_baseline (site_id, recording_id, meta_sha256) SELECT o.site_id, o.recording_id, "
                + "o.meta_sha256 FROM " + PlanStore.entries("o", scopePlan) + " WHERE o.site_id IN (" + sites + ") "
                + "AND o.recording_id IN (" + agreeing + ") AND NOT EXISTS (SELECT 1 FROM meta_baseline b "
                + "WHERE b.site_id = o.site_id AND b.recording_id = o.recording_id)", args.toArray());
        jdbc.update("UPDATE meta_baseline b SET meta_sha256 = (SELECT e.meta_sha256 FROM manifest_entry e "
                + "WHERE e.site_id = b.site_id AND e.recording_id = b.recording_id), decided = FALSE "
                + "WHERE b.site_id IN (" + sites + ") AND b.recording_id IN (" + agreeing + ")", args.toArray());
    }

    /**
     * Notes, for one link, every recording both sites hold with the same audio and different
     * metadata (within the link's filter, applied to the source's row).
     *
     * @return rows noted
     */
    public int noteDifferences(long planId, int linkOrder, String linkName, long sourceSiteId, long targetSiteId,
            LinkFilter filter) {
        return noteDifferences(planId, linkOrder, linkName, sourceSiteId, targetSiteId, filter, null);
    }

    /** @param scopePlan when not null, only the recordings in that plan's scope (PlanStore#scopeChanges) */
    public int noteDifferences(long planId, int linkOrder, String linkName, long sourceSiteId, long targetSiteId,
            LinkFilter filter, Long scopePlan) {
        List<Object> args = new ArrayList<>(List.of(planId, linkOrder, linkName, sourceSiteId, targetSiteId));
        String where = PlanStore.where(filter, dialect, args);
        return jdbc.update("INSERT INTO meta_candidate (plan_id, recording_id, source_site_id, target_site_id, link_order, "
                + "link_name) SELECT ?, s.recording_id, s.site_id, t.site_id, ?, ? FROM "
                + PlanStore.entries("s", scopePlan, sourceSiteId) + " "
                + "JOIN manifest_entry t ON t.recording_id = s.recording_id WHERE s.site_id = ? AND t.site_id = ? "
                + "AND s.audio_sha256 = t.audio_sha256 AND s.meta_sha256 IS NOT NULL AND t.meta_sha256 IS NOT NULL "
                + "AND s.meta_sha256 <> t.meta_sha256" + where, args.toArray());
    }

    /** The next page of recordings with differences, after {@code after} (null: from the start), in id order. */
    public List<UUID> differingAfter(long planId, UUID after, int limit) {
        return jdbc.query("SELECT DISTINCT recording_id FROM meta_candidate WHERE plan_id = ?"
                + (after == null ? "" : " AND recording_id > ?") + " ORDER BY recording_id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> Sql.uuid(rs, "recording_id"), after == null ? new Object[] {planId} : new Object[] {planId, after});
    }

    /** The links along which each of {@code ids} differs, best link first. */
    public Map<UUID, List<Edge>> edges(long planId, List<UUID> ids) {
        Map<UUID, List<Edge>> out = new LinkedHashMap<>();
        List<Object> args = new ArrayList<>(ids);
        args.add(planId);
        jdbc.query("SELECT c.recording_id, c.source_site_id, c.target_site_id, c.link_name FROM " + Sql.keys(ids.size(), "UUID")
                + " JOIN meta_candidate c ON c.recording_id = k.v WHERE c.plan_id = ? ORDER BY c.recording_id, c.link_order",
                rs -> {
                    out.computeIfAbsent(Sql.uuid(rs, "recording_id"), k -> new ArrayList<>()).add(new Edge(
                            rs.getLong("source_site_id"), rs.getLong("target_site_id"), rs.getString("link_name")));
                }, args.toArray());
        return out;
    }

    /** What every site of the job holds for each of {@code ids}, with baselines, sites in the given order. */
    public Map<UUID, List<Held>> holders(Collection<Long> siteIds, List<UUID> ids) {
        Map<UUID, List<Held>> out = new LinkedHashMap<>();
        ids.forEach(id -> out.put(id, new ArrayList<>()));
        // One probe per site: an equality on the index's first column (site_id) is what lets both
        // databases look each key up instead of scanning the job's rows.
        for (long siteId : siteIds) {
            List<Object> args = new ArrayList<>(ids);
            args.add(siteId);
            jdbc.query("SELECT e.site_id, e.recording_id, e.tenant, e.grp, e.recorded_at, e.audio_path, e.audio_size, "
                    + "e.audio_sha256, e.meta_path, e.meta_size, e.meta_sha256, e.version, e.updated_at, b.meta_sha256 AS base, "
                    + "b.decided "
                    + "FROM " + Sql.keys(ids.size(), "UUID") + " JOIN manifest_entry e ON e.recording_id = k.v "
                    + "LEFT JOIN meta_baseline b ON b.site_id = e.site_id AND b.recording_id = e.recording_id "
                    + "WHERE e.site_id = ?", rs -> {
                        Recording r = ManifestIndex.map(rs);
                        out.get(r.id()).add(new Held(rs.getLong("site_id"), r, rs.getString("base"),
                                rs.getBoolean("decided")));
                    }, args.toArray());
        }
        return out;
    }

    /** Which of {@code ids} the job holds (legal_hold), with the rule holding each. */
    public Map<UUID, String> heldAmong(String job, List<UUID> ids) {
        Map<UUID, String> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Object> args = new ArrayList<>(ids);
        args.add(job);
        jdbc.query("SELECT h.recording_id, h.rule FROM " + Sql.keys(ids.size(), "UUID") + " JOIN legal_hold h ON "
                + "h.recording_id = k.v WHERE h.job_name = ?", rs -> {
                    out.put(Sql.uuid(rs, "recording_id"), rs.getString("rule"));
                }, args.toArray());
        return out;
    }

    /** Plans metadata updates: PENDING items that replace the target's sidecar, unless already planned. */
    public int planUpdates(long planId, List<Update> updates) {
        if (updates.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>(updates.size());
        for (Update u : updates) {
            Recording r = u.source();
            rows.add(new Object[] {planId, u.linkName(), u.sourceSiteId(), u.targetSiteId(), r.id(), r.tenant(), r.group(),
                Sql.ts(r.recordedAt()), r.audio().path().value(), r.audio().size(), r.audio().sha256(),
                r.metadata().path().value(), r.metadata().size(), r.metadata().sha256(), r.version(),
                Sql.ts(r.updatedAt()), u.replacesSha256(), u.keepLoserAs(), planId, u.targetSiteId(), r.id()});
        }
        // One batch per page of recordings, not a round trip per update.
        int[] counts = jdbc.batchUpdate("INSERT INTO transfer_item (plan_id, link_name, source_site_id, target_site_id, "
                + "recording_id, copy_audio, copy_metadata, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, "
                + "meta_path, meta_size, meta_sha256, version, updated_at, replaces_sha256, keep_loser_as, status) "
                + "SELECT ?, ?, ?, ?, ?, FALSE, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING' FROM (VALUES (1)) v "
                + "WHERE NOT EXISTS (SELECT 1 FROM transfer_item x WHERE x.plan_id = ? AND x.target_site_id = ? "
                + "AND x.recording_id = ?)", rows);
        return java.util.Arrays.stream(counts).sum();
    }

    /** One metadata update to plan. */
    public record Update(String linkName, long sourceSiteId, long targetSiteId, Recording source, String replacesSha256,
            String keepLoserAs) {}

    /** Empties the plan's scratch rows. */
    public void forget(long planId) {
        jdbc.update("DELETE FROM meta_candidate WHERE plan_id = ?", planId);
    }

    /**
     * After recsync wrote a site's metadata (in the caller's transaction): that is now its baseline.
     * The caller records the same recordings as copied there in that transaction, under the run's
     * stamp (ManifestIndex#recordCopied), so a later plan of the changed recordings sees them.
     */
    public void recordWritten(long siteId, List<Recording> written) {
        if (written.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("DELETE FROM meta_baseline WHERE site_id = ? AND recording_id = ?",
                written.stream().map(r -> new Object[] {siteId, r.id()}).toList());
        jdbc.batchUpdate("INSERT INTO meta_baseline (site_id, recording_id, meta_sha256) VALUES (?, ?, ?)",
                written.stream().map(r -> new Object[] {siteId, r.id(), r.metadata().sha256()}).toList());
        PlanSignatureStore.bumpBesideStampedRows(jdbc, siteId);
    }

    /**
     * Sets a site's baseline for one recording after a person's resolution.
     *
     * @param decided true when the site holds the version the person chose: planning then carries
     *     it to the job's other sites until they all hold it; false when the site's copy is only
     *     settled as it is (a read-only site that could not be written)
     */
    public void setBaseline(long siteId, UUID recording, String metaSha256, boolean decided) {
        jdbc.update("DELETE FROM meta_baseline WHERE site_id = ? AND recording_id = ?", siteId, recording);
        jdbc.update("INSERT INTO meta_baseline (site_id, recording_id, meta_sha256, decided) VALUES (?, ?, ?, ?)", siteId,
                recording, metaSha256, decided);
        PlanSignatureStore.bump(jdbc, siteId);
    }

    /**
     * Before a person's new decision on a recording: earlier decisions on it, at any site of the
     * job, are no longer pending (the newer decision is what planning carries).
     */
    public void clearDecisions(Collection<Long> siteIds, UUID recording) {
        List<Object> args = new ArrayList<>(siteIds);
        args.add(recording);
        jdbc.update("UPDATE meta_baseline SET decided = FALSE WHERE site_id IN (" + marks(siteIds.size())
                + ") AND recording_id = ? AND decided = TRUE", args.toArray());
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
