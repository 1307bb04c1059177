package io.recsync.store;

import io.recsync.config.LegalHold;
import io.recsync.config.LinkFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recordings a job holds (table legal_hold), refreshed from the job's {@code legalHold:} at
 * every run and before {@code conflicts resolve}: ids as given, selections by what the job's sites
 * hold. Rows of a selection stay while the selection does, with the recording's last known tenant,
 * group and recordedAt, so a held recording that every site lost is still known and still missed.
 * {@link #heldIds} is the selection an audit re-proves on every run.
 */
public final class LegalHoldStore {

    /** A held recording a site lacks, by the state database. */
    public record Missing(String site, UUID recordingId, String rule) {}

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;

    public LegalHoldStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** {@code EXISTS (...)}: the recording under {@code alias} is held by {@code job}. */
    public static String held(String job, String alias, List<Object> args) {
        args.add(job);
        return "EXISTS (SELECT 1 FROM legal_hold h WHERE h.job_name = ? AND h.recording_id = " + alias + ".recording_id)";
    }

    /**
     * Makes the table say what the job's legal hold says now, over the index of {@code siteIds}.
     *
     * @return recordings held
     */
    public int refresh(String job, LegalHold hold, Collection<Long> siteIds) {
        Map<String, LegalHold.Selection> selections = new LinkedHashMap<>();
        hold.selections().forEach(s -> selections.put(s.toString(), s));
        Map<UUID, String> existing = new HashMap<>();
        jdbc.query("SELECT recording_id, rule FROM legal_hold WHERE job_name = ?",
                rs -> {
                    existing.put(Sql.uuid(rs, "recording_id"), rs.getString("rule"));
                }, job);
        List<Object[]> gone = new ArrayList<>();
        existing.forEach((id, rule) -> {
            boolean stays = hold.ids().containsKey(id) ? rule.equals(hold.ids().get(id)) : selections.containsKey(rule);
            if (!stays) {
                gone.add(new Object[] {job, id});
            }
        });
        if (!gone.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM legal_hold WHERE job_name = ? AND recording_id = ?", gone);
            gone.forEach(g -> existing.remove((UUID) g[1]));
        }
        List<Object[]> added = hold.ids().entrySet().stream().filter(e -> !existing.containsKey(e.getKey()))
                .map(e -> new Object[] {job, e.getKey(), e.getValue()}).toList();
        if (!added.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO legal_hold (job_name, recording_id, rule) VALUES (?, ?, ?)", added);
        }
        String sites = marks(siteIds.size());
        if (!siteIds.isEmpty()) {
            for (Map.Entry<String, LegalHold.Selection> e : selections.entrySet()) {
                List<Object> args = new ArrayList<>(List.of(job, e.getKey()));
                args.addAll(siteIds);
                String where = condition(e.getValue(), args);
                args.add(job);
                jdbc.update("INSERT INTO legal_hold (job_name, recording_id, rule) SELECT DISTINCT ?, s.recording_id, ? "
                        + "FROM manifest_entry s WHERE s.site_id IN (" + sites + ")" + where + " AND NOT EXISTS (SELECT 1 "
                        + "FROM legal_hold x WHERE x.job_name = ? AND x.recording_id = s.recording_id)", args.toArray());
            }
            // What the sites say about each held recording, kept when they no longer hold it.
            for (String col : List.of("tenant", "grp", "recorded_at", "audio_path")) {
                List<Object> args = new ArrayList<>(siteIds);
                args.add(job);
                args.addAll(siteIds);
                jdbc.update("UPDATE legal_hold h SET " + col + " = (SELECT MIN(e." + col + ") FROM manifest_entry e WHERE "
                        + "e.site_id IN (" + sites + ") AND e.recording_id = h.recording_id) WHERE h.job_name = ? AND "
                        + "EXISTS (SELECT 1 FROM manifest_entry e WHERE e.site_id IN (" + sites
                        + ") AND e.recording_id = h.recording_id)", args.toArray());
            }
        }
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM legal_hold WHERE job_name = ?", Long.class, job);
        return n == null ? 0 : n.intValue();
    }

    private static String condition(LegalHold.Selection s, List<Object> args) {
        StringBuilder w = new StringBuilder();
        if (s.tenant() != null) {
            w.append(" AND s.tenant = ?");
            args.add(s.tenant());
        }
        if (s.group() != null) {
            w.append(" AND s.grp = ?");
            args.add(s.group());
        }
        if (s.since() != null) {
            w.append(" AND s.recorded_at >= ?");
            args.add(Sql.ts(s.since()));
        }
        if (s.until() != null) {
            w.append(" AND s.recorded_at < ?");
            args.add(Sql.ts(s.until()));
        }
        return w.toString();
    }

    /** The rule that holds {@code id} for {@code job} ({@code legalHold.ids[0]}, {@code holds.txt:3}, a selection). */
    public Optional<String> heldBy(String job, UUID id) {
        return jdbc.query("SELECT rule FROM legal_hold WHERE job_name = ? AND recording_id = ?",
                (rs, n) -> rs.getString("rule"), job, id).stream().findFirst();
    }

    /** Every recording the job holds, in id order: what an audit re-proves on every run. */
    public List<UUID> heldIds(String job) {
        return jdbc.query("SELECT recording_id FROM legal_hold WHERE job_name = ? ORDER BY recording_id",
                (rs, n) -> Sql.uuid(rs, "recording_id"), job);
    }

    public long count(String job) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM legal_hold WHERE job_name = ?", Long.class, job);
        return n == null ? 0 : n;
    }

    /**
     * Held recordings each target lacks, by the index: a target is owed a held recording its
     * link's filter covers (by the recording's last known tenant, group, recordedAt and path);
     * a held recording no site of the job has ever been seen to hold is missing at all of them.
     *
     * @param targets each link target's site id and its links' filters (resolved), by site name
     * @param allSites every indexed site of the job, by name
     */
    public List<Missing> missing(String job, Map<String, Map.Entry<Long, List<LinkFilter>>> targets,
            Map<String, Long> allSites) {
        List<Missing> out = new ArrayList<>();
        for (Map.Entry<String, Map.Entry<Long, List<LinkFilter>>> t : targets.entrySet()) {
            Set<UUID> seen = new java.util.HashSet<>();
            for (LinkFilter f : t.getValue().getValue()) {
                List<Object> args = new ArrayList<>(List.of(job, t.getValue().getKey()));
                String where = PlanStore.where(f, dialect, args);
                jdbc.query("SELECT s.recording_id, s.rule FROM legal_hold s WHERE s.job_name = ? AND s.tenant IS NOT NULL "
                        + "AND NOT EXISTS (SELECT 1 FROM manifest_entry t WHERE t.site_id = ? AND t.recording_id = "
                        + "s.recording_id)" + where + " ORDER BY s.recording_id", rs -> {
                            UUID id = Sql.uuid(rs, "recording_id");
                            if (seen.add(id)) {
                                out.add(new Missing(t.getKey(), id, rs.getString("rule")));
                            }
                        }, args.toArray());
            }
        }
        if (!allSites.isEmpty()) {
            List<Object> args = new ArrayList<>(List.of(job));
            args.addAll(allSites.values());
            jdbc.query("SELECT s.recording_id, s.rule FROM legal_hold s WHERE s.job_name = ? AND NOT EXISTS (SELECT 1 FROM "
                    + "manifest_entry e WHERE e.site_id IN (" + marks(allSites.size()) + ") AND e.recording_id = "
                    + "s.recording_id) ORDER BY s.recording_id", rs -> {
                        UUID id = Sql.uuid(rs, "recording_id");
                        String rule = rs.getString("rule");
                        boolean listed = out.stream().anyMatch(m -> m.recordingId().equals(id));
                        if (!listed) {
                            out.add(new Missing("every site", id, rule));
                        }
                    }, args.toArray());
        }
        return out;
    }

    /** Counts by site of {@link #missing}. */
    public static Map<String, Long> bySite(List<Missing> missing) {
        return missing.stream().collect(Collectors.groupingBy(Missing::site, java.util.TreeMap::new, Collectors.counting()));
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
