package io.recsync.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Target groups in the state database (table {@code group_choice}, V15): the member each recording
 * of a group link is owed to, and the fallback member a run placed it on while that one was
 * unreachable; plus the queries that trim a plan to one member per recording and count per member.
 */
public final class GroupChoiceStore {

    /** One planned audio item of a group's member link, with how many members already hold its recording. */
    public record PlannedItem(long itemId, UUID recordingId, long targetSiteId, int heldByMembers) {}

    /** One member's share: recordings it holds that are owed to it, and those it holds as a fallback. */
    public record MemberCount(String group, String site, long preferred, long fallback) {}

    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;

    public GroupChoiceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The plan's pending audio items of the member links {@code links}, ordered by recording (so a
     * recording's items come together and the caller needs no map of the plan), each with the number
     * of {@code memberSiteIds} whose index holds the recording (one primary-key probe per member).
     */
    public void forEachPlanned(long planId, List<String> links, List<Long> memberSiteIds,
            java.util.function.Consumer<PlannedItem> consumer) {
        List<Object> args = new ArrayList<>();
        StringBuilder held = new StringBuilder("0");
        for (Long site : memberSiteIds) {
            held.append(" + CASE WHEN EXISTS (SELECT 1 FROM manifest_entry e WHERE e.site_id = ? AND e.recording_id = "
                    + "x.recording_id) THEN 1 ELSE 0 END");
            args.add(site);
        }
        args.add(planId);
        args.addAll(links);
        jdbc.query("SELECT x.item_id, x.recording_id, x.target_site_id, " + held + " AS held FROM transfer_item x "
                + "WHERE x.plan_id = ? AND x.status = 'PENDING' AND x.copy_audio = TRUE AND x.link_name IN ("
                + String.join(", ", Collections.nCopies(links.size(), "?")) + ") ORDER BY x.recording_id, x.item_id",
                rs -> {
                    consumer.accept(new PlannedItem(rs.getLong("item_id"), Sql.uuid(rs, "recording_id"),
                            rs.getLong("target_site_id"), rs.getInt("held")));
                }, args.toArray());
    }

    /** Removes planned items another member of their group takes (never a started or finished one). */
    public void dropItems(List<Long> itemIds) {
        for (int i = 0; i < itemIds.size(); i += BATCH) {
            List<Object[]> batch = itemIds.subList(i, Math.min(itemIds.size(), i + BATCH)).stream()
                    .map(id -> new Object[] {id}).toList();
            jdbc.batchUpdate("DELETE FROM transfer_item WHERE item_id = ? AND status = 'PENDING'", batch);
        }
    }

    /** Marks kept items as their group's, fallback or not: {@code {itemId, fallback}} pairs. */
    public void markKept(String group, List<Object[]> itemAndFallback) {
        for (int i = 0; i < itemAndFallback.size(); i += BATCH) {
            List<Object[]> batch = itemAndFallback.subList(i, Math.min(itemAndFallback.size(), i + BATCH)).stream()
                    .map(r -> new Object[] {group, r[1], r[0]}).toList();
            jdbc.batchUpdate("UPDATE transfer_item SET group_name = ?, group_fallback = ? WHERE item_id = ?", batch);
        }
    }

    /**
     * One recording's choice.
     *
     * @param fallbackSite the member this run placed it on instead of {@code preferredSite}; null when none
     */
    public record Choice(UUID recordingId, String preferredSite, String fallbackSite) {}

    /**
     * Records the choices (replacing an earlier choice of the same recording). A fallback once
     * recorded is kept when a later run records none: the copy stays where it went.
     */
    public void record(String job, String group, long executionId, List<Choice> choices) {
        if (choices.isEmpty()) {
            return;
        }
        List<Object[]> updates = new ArrayList<>();
        for (Choice c : choices) {
            updates.add(c.fallbackSite() == null ? new Object[] {c.preferredSite(), job, group, c.recordingId()}
                    : new Object[] {c.preferredSite(), c.fallbackSite(), executionId, job, group, c.recordingId()});
        }
        // Portable upsert: update, then insert what no row took. Two statements, because a choice
        // without a fallback must not clear the fallback an earlier run recorded.
        List<Integer> plain = new ArrayList<>();
        List<Integer> withFallback = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            (choices.get(i).fallbackSite() == null ? plain : withFallback).add(i);
        }
        List<Object[]> inserts = new ArrayList<>();
        update("UPDATE group_choice SET preferred_site = ? WHERE job_name = ? AND group_name = ? AND recording_id = ?",
                plain, updates, choices, job, group, executionId, inserts);
        update("UPDATE group_choice SET preferred_site = ?, fallback_site = ?, fallback_execution_id = ? WHERE job_name = ? "
                + "AND group_name = ? AND recording_id = ?", withFallback, updates, choices, job, group, executionId, inserts);
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO group_choice (job_name, group_name, recording_id, preferred_site, fallback_site, "
                    + "fallback_execution_id) VALUES (?, ?, ?, ?, ?, ?)", inserts);
        }
    }

    private void update(String sql, List<Integer> which, List<Object[]> updates, List<Choice> choices, String job,
            String group, long executionId, List<Object[]> inserts) {
        if (which.isEmpty()) {
            return;
        }
        int[] counts = jdbc.batchUpdate(sql, which.stream().map(updates::get).toList());
        for (int i = 0; i < which.size(); i++) {
            if (counts[i] == 0) {
                Choice c = choices.get(which.get(i));
                inserts.add(new Object[] {job, group, c.recordingId(), c.preferredSite(), c.fallbackSite(),
                    c.fallbackSite() == null ? null : executionId});
            }
        }
    }

    /**
     * Per member of {@code group}: recordings its index holds that are owed to it (preferred), and
     * those it holds that are owed to another member (fallback copies). Counted from what the member
     * holds, not from the fallback marks, so a copy found by a scan (a state database rebuilt from
     * the sites) is counted where it is.
     *
     * @param memberSiteIds the members' site ids by name (members recsync never saw are absent)
     */
    public List<MemberCount> counts(String job, String group, Map<String, Long> memberSiteIds) {
        List<MemberCount> out = new ArrayList<>();
        memberSiteIds.forEach((site, id) -> {
            long preferred = jdbc.queryForObject("SELECT COUNT(*) FROM group_choice c JOIN manifest_entry e ON "
                    + "e.site_id = ? AND e.recording_id = c.recording_id WHERE c.job_name = ? AND c.group_name = ? "
                    + "AND c.preferred_site = ?", Long.class, id, job, group, site);
            long fallback = jdbc.queryForObject("SELECT COUNT(*) FROM group_choice c JOIN manifest_entry e ON "
                    + "e.site_id = ? AND e.recording_id = c.recording_id WHERE c.job_name = ? AND c.group_name = ? "
                    + "AND c.preferred_site <> ?", Long.class, id, job, group, site);
            out.add(new MemberCount(group, site, preferred, fallback));
        });
        return out;
    }

    /**
     * What run {@code executionId} copied to each member of each target group (audio items that
     * ended DONE and COPIED), and how many of those went to a fallback member.
     */
    public record RunCount(String group, String link, String site, long copied, long fallback) {}

    public List<RunCount> ofRun(long executionId) {
        return jdbc.query("SELECT x.group_name, x.link_name, s.site_name, COUNT(*) AS copied, "
                + "SUM(CASE WHEN x.group_fallback = TRUE THEN 1 ELSE 0 END) AS fallback FROM transfer_item x "
                + "JOIN site s ON s.site_id = x.target_site_id WHERE x.finished_execution_id = ? AND x.status = 'DONE' "
                + "AND x.outcome = 'COPIED' AND x.group_name IS NOT NULL GROUP BY x.group_name, x.link_name, s.site_name "
                + "ORDER BY x.group_name, x.link_name",
                (rs, n) -> new RunCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)),
                executionId);
    }

    /** A recording of a group whose copy a run placed on a fallback member, still recorded there. */
    public record Fallback(UUID recordingId, String preferredSite, String fallbackSite) {}

    /** The group's recordings recorded with a fallback copy (release: true considers each), by recording. */
    public List<Fallback> fallbacks(String job, String group) {
        return jdbc.query("SELECT recording_id, preferred_site, fallback_site FROM group_choice WHERE job_name = ? AND "
                + "group_name = ? AND fallback_site IS NOT NULL AND fallback_site <> preferred_site ORDER BY recording_id",
                (rs, n) -> new Fallback(Sql.uuid(rs, "recording_id"), rs.getString(2), rs.getString(3)), job, group);
    }

    /**
     * Records that run {@code executionId} deleted these fallback copies (release: true): the
     * choice keeps no fallback, and table {@code group_release} (V20) says which run released what
     * from where. Idempotent: a step run again records the same rows once.
     */
    public void released(String job, String group, long executionId, java.time.Instant at, List<Fallback> released) {
        for (int i = 0; i < released.size(); i += BATCH) {
            List<Fallback> part = released.subList(i, Math.min(released.size(), i + BATCH));
            jdbc.batchUpdate("UPDATE group_choice SET fallback_site = NULL, fallback_execution_id = NULL WHERE job_name = ? "
                    + "AND group_name = ? AND recording_id = ?", part.stream().map(f -> new Object[] {job, group,
                        f.recordingId()}).toList());
            jdbc.batchUpdate("DELETE FROM group_release WHERE execution_id = ? AND job_name = ? AND group_name = ? AND "
                    + "recording_id = ? AND released_site = ?", part.stream().map(f -> new Object[] {executionId, job, group,
                        f.recordingId(), f.fallbackSite()}).toList());
            jdbc.batchUpdate("INSERT INTO group_release (execution_id, job_name, group_name, recording_id, released_site, "
                    + "preferred_site, released_at) VALUES (?, ?, ?, ?, ?, ?, ?)", part.stream().map(f -> new Object[] {
                        executionId, job, group, f.recordingId(), f.fallbackSite(), f.preferredSite(), Sql.ts(at)}).toList());
        }
    }

    /** What run {@code executionId} released, per site it deleted from (site name order). */
    public java.util.SortedMap<String, Long> releasedBy(long executionId) {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT released_site, COUNT(*) FROM group_release WHERE execution_id = ? GROUP BY released_site",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, executionId);
        return out;
    }
}
