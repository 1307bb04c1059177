package io.recsync.store;

import io.recsync.manifest.Recording;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads and updates {@code transfer_item} rows: the plan and its progress. */
public final class TransferItemStore {

    private static final String ITEM_COLUMNS = "item_id, plan_id, link_name, source_site_id, target_site_id, copy_audio, "
            + "copy_metadata, recording_id, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, meta_path, "
            + "meta_size, meta_sha256, version, updated_at, attempts, replaces_sha256, keep_loser_as";

    private final JdbcTemplate jdbc;
    /** The worker process recording outcomes (README "Scaling out"); null for a run copying by itself. */
    private final String worker;

    public TransferItemStore(JdbcTemplate jdbc) {
        this(jdbc, null);
    }

    public TransferItemStore(JdbcTemplate jdbc, String worker) {
        this.jdbc = jdbc;
        this.worker = worker;
    }

    /**
     * The next PENDING items of one partition (one link, item ids {@code [fromId, toId]}) after
     * {@code afterItemId}: what a worker's reader pages through.
     */
    public List<TransferItem> pendingInRange(long planId, String link, long fromId, long toId, long afterItemId,
            int limit) {
        return jdbc.query("SELECT " + ITEM_COLUMNS + " FROM transfer_item WHERE plan_id = ? AND status = 'PENDING' "
                + "AND item_id > ? AND item_id >= ? AND item_id <= ? AND link_name = ? "
                + "ORDER BY plan_id, status, item_id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> map(rs), planId, afterItemId, fromId, toId, link);
    }

    /** One worker's share of a run: items it finished, bytes it copied, from its first to its last outcome. */
    public record WorkerShare(String worker, long items, long bytes, Instant first, Instant last) {}

    /** Per worker, what it finished in run {@code executionId} (README "Scaling out"). */
    public List<WorkerShare> byWorker(long executionId) {
        return jdbc.query("SELECT worker, COUNT(*) AS n, COALESCE(SUM(bytes_copied), 0) AS b, MIN(finished_at) AS f, "
                + "MAX(finished_at) AS l FROM transfer_item WHERE finished_execution_id = ? AND worker IS NOT NULL "
                + "GROUP BY worker ORDER BY worker",
                (rs, n) -> new WorkerShare(rs.getString("worker"), rs.getLong("n"), rs.getLong("b"), Sql.instant(rs, "f"),
                        Sql.instant(rs, "l")), executionId);
    }

    /**
     * The next PENDING items after {@code afterItemId}, in id order. Keyset paging: rows that change
     * status while we page do not shift later pages, and a restart starts again from 0 and so sees
     * exactly the items still pending.
     */
    public List<TransferItem> pendingAfter(long planId, long afterItemId, int limit) {
        // Ordered by the whole index key (plan_id, status, item_id), not item_id alone: the order is
        // the same, but only then does H2 read the page straight off the index. Ordered by item_id it
        // read and sorted every pending row of the plan for each page, quadratic in the plan's size.
        return jdbc.query(pendingPageSql(limit), (rs, n) -> map(rs), planId, afterItemId);
    }

    static String pendingPageSql(int limit) {
        return "SELECT " + ITEM_COLUMNS + " FROM transfer_item WHERE plan_id = ? AND status = 'PENDING' "
                + "AND item_id > ? ORDER BY plan_id, status, item_id FETCH FIRST " + limit + " ROWS ONLY";
    }

    /** Adds PENDING items to a plan in one batch (a plan read from a file: `sync --plan-in`). */
    public void insertPending(long planId, List<TransferItem> items) {
        List<Object[]> args = new ArrayList<>(items.size());
        for (TransferItem t : items) {
            Recording r = t.recording();
            args.add(new Object[] {planId, t.linkName(), t.sourceSiteId(), t.targetSiteId(), r.id(), t.copyAudio(),
                t.copyMetadata(), r.tenant(), r.group(), Sql.ts(r.recordedAt()), r.audio().path().value(),
                r.audio().size(), r.audio().sha256(), r.metadata() == null ? null : r.metadata().path().value(),
                r.metadata() == null ? null : r.metadata().size(), r.metadata() == null ? null : r.metadata().sha256(),
                r.version(), Sql.ts(r.updatedAt()), t.replacesSha256(), t.keepLoserAs()});
        }
        jdbc.batchUpdate("INSERT INTO transfer_item (plan_id, link_name, source_site_id, target_site_id, recording_id, "
                + "copy_audio, copy_metadata, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, meta_path, "
                + "meta_size, meta_sha256, version, updated_at, replaces_sha256, keep_loser_as, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')", args);
    }

    /** Stores a chunk's results in one batch, in the caller's (chunk) transaction. */
    public void record(long executionId, List<ItemResult> results) {
        Instant now = Instant.now();
        List<Object[]> args = new ArrayList<>();
        for (ItemResult r : results) {
            boolean finished = r.status() != ItemResult.ItemStatus.PENDING;
            args.add(new Object[] {r.status().name(), r.outcome(), r.bytesCopied(), r.attempts(), truncate(r.message()),
                finished ? executionId : null, finished ? Sql.ts(now) : null, r.itemId()});
        }
        if (worker != null) {
            // Who copied it, for the report; the single-process statement below stays as it was.
            List<Object[]> withWorker = new ArrayList<>(args.size());
            for (Object[] a : args) {
                Object[] b = java.util.Arrays.copyOf(a, a.length + 1);
                b[a.length] = b[a.length - 1];
                b[a.length - 1] = worker;
                withWorker.add(b);
            }
            jdbc.batchUpdate("UPDATE transfer_item SET status = ?, outcome = ?, bytes_copied = bytes_copied + ?, attempts = ?, "
                    + "message = ?, finished_execution_id = ?, finished_at = ?, worker = ? WHERE item_id = ?", withWorker);
            return;
        }
        jdbc.batchUpdate("UPDATE transfer_item SET status = ?, outcome = ?, bytes_copied = bytes_copied + ?, attempts = ?, "
                + "message = ?, finished_execution_id = ?, finished_at = ? WHERE item_id = ?", args);
    }

    public long countPlanned(long planId) {
        return count("SELECT COUNT(*) FROM transfer_item WHERE plan_id = ?", planId);
    }

    public long countPending(long planId) {
        return count("SELECT COUNT(*) FROM transfer_item WHERE plan_id = ? AND status = 'PENDING'", planId);
    }

    /** The error of the most recently attempted pending item, for the run's message. */
    public String lastPendingMessage(long planId) {
        List<String> m = jdbc.queryForList("SELECT message FROM transfer_item WHERE plan_id = ? AND status = 'PENDING' "
                + "AND message IS NOT NULL ORDER BY attempts DESC, item_id DESC FETCH FIRST 1 ROWS ONLY", String.class, planId);
        return m.isEmpty() ? "(not attempted)" : m.get(0);
    }

    /** Per-outcome counts and bytes of what one execution finished. */
    /** Items of the plan that an earlier run of it failed for good: a resumed plan still owes them. */
    public long countFailedBefore(long planId, long executionId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM transfer_item WHERE plan_id = ? AND status = 'FAILED' "
                + "AND finished_execution_id <> ?", Long.class, planId, executionId);
        return n == null ? 0 : n;
    }

    public Map<String, long[]> outcomesOf(long executionId) {
        Map<String, long[]> out = new java.util.TreeMap<>();
        jdbc.query("SELECT outcome, COUNT(*) AS n, SUM(bytes_copied) AS b FROM transfer_item "
                + "WHERE finished_execution_id = ? GROUP BY outcome", rs -> {
                    out.put(rs.getString("outcome"), new long[] {rs.getLong("n"), rs.getLong("b")});
                }, executionId);
        return out;
    }

    /**
     * What the target's index says it now holds for each DONE, unpublished item of the plan, in
     * item order: exactly what its manifest segment must list.
     */
    public void forEachUnpublishedPlaced(long planId, long targetSiteId, java.util.function.BiConsumer<Long, Recording> consumer) {
        // Keyset pages read off the (plan, status, item) index: one query over a 50,000-item plan
        // had H2 hold (and sort) all 50,000 joined rows at once, the run's peak of heap.
        long through = publishedThrough(planId, targetSiteId);
        long after = 0;
        while (true) {
            List<Long> ids = new ArrayList<>(PUBLISH_PAGE);
            jdbc.query(unpublishedPageSql(), rs -> {
                long id = rs.getLong("item_id");
                ids.add(id);
                consumer.accept(id, ManifestIndex.map(rs));
            }, planId, after, targetSiteId, through);
            if (ids.size() < PUBLISH_PAGE) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    static final int PUBLISH_PAGE = 2_000;

    /** Parameters: plan, after item, target, the plan's publish mark for the target ({@link #publishedThrough}). */
    static String unpublishedPageSql() {
        return "SELECT t.item_id, m.recording_id, m.tenant, m.grp, m.recorded_at, m.audio_path, m.audio_size, "
                + "m.audio_sha256, m.meta_path, m.meta_size, m.meta_sha256, m.version, m.updated_at FROM transfer_item t "
                + "JOIN manifest_entry m ON m.site_id = t.target_site_id AND m.recording_id = t.recording_id "
                + "WHERE t.plan_id = ? AND t.status = 'DONE' AND t.item_id > ? AND t.target_site_id = ? AND t.published = FALSE "
                + "AND t.finished_execution_id > ? ORDER BY t.plan_id, t.status, t.item_id FETCH FIRST " + PUBLISH_PAGE
                + " ROWS ONLY";
    }

    /**
     * The execution through which the plan's copies to the target are in its manifest: every DONE
     * item finished by it or an earlier execution is published (0: none is, but for rows marked
     * one by one before V13).
     */
    long publishedThrough(long planId, long targetSiteId) {
        List<Long> m = jdbc.queryForList("SELECT through_execution_id FROM publish_mark WHERE plan_id = ? "
                + "AND target_site_id = ?", Long.class, planId, targetSiteId);
        return m.isEmpty() ? 0 : m.get(0);
    }

    /**
     * A DONE item of {@code t} not yet in its target's manifest: neither marked by itself (before
     * V13) nor finished by an execution at or before its plan's publish mark (alias {@code p}).
     */
    private static final String UNPUBLISHED = "t.status = 'DONE' AND t.published = FALSE "
            + "AND t.finished_execution_id > COALESCE(p.through_execution_id, 0)";

    private static final String WITH_MARK = "transfer_item t LEFT JOIN publish_mark p ON p.plan_id = t.plan_id "
            + "AND p.target_site_id = t.target_site_id";

    /** Items and audio bytes still pending in a plan (for the progress line). */
    public long[] pendingTotals(long planId) {
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(audio_size), 0) FROM transfer_item WHERE plan_id = ? "
                + "AND status = 'PENDING'", (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, planId);
    }

    public List<Long> targetsWithUnpublished(long planId) {
        return jdbc.queryForList("SELECT DISTINCT t.target_site_id FROM " + WITH_MARK + " WHERE t.plan_id = ? AND "
                + UNPUBLISHED + " ORDER BY t.target_site_id", Long.class, planId);
    }

    /**
     * Records that the plan's copies to the target are in its manifest, all those finished by
     * {@code executionId} or before: the publish step of that execution listed every one not yet
     * published. One narrow row per (plan, target), not a rewrite of each item's row.
     */
    public void markPublished(long planId, long targetSiteId, long executionId) {
        // The run lock keeps two runs of a job apart: no other writer races this update-or-insert.
        if (jdbc.update("UPDATE publish_mark SET through_execution_id = ? WHERE plan_id = ? AND target_site_id = ? "
                + "AND through_execution_id < ?", executionId, planId, targetSiteId, executionId) == 0
                && publishedThrough(planId, targetSiteId) == 0) {
            jdbc.update("INSERT INTO publish_mark (plan_id, target_site_id, through_execution_id) VALUES (?, ?, ?)",
                    planId, targetSiteId, executionId);
        }
    }

    /** Gives up the pending items of a plan that will not be resumed (a new plan replaces it). */
    public int abandonPending(long planId) {
        return abandonPending(planId, "a newer run re-planned this copy");
    }

    /** Gives up the pending items of a plan that will not be resumed, saying why on each. */
    public int abandonPending(long planId, String why) {
        return jdbc.update("UPDATE transfer_item SET status = 'ABANDONED', outcome = 'ABANDONED', message = ? "
                + "WHERE plan_id = ? AND status = 'PENDING'", truncate(why), planId);
    }

    /** Items an execution finished (whatever the outcome): its share of the plan, less what it left pending. */
    public long countFinishedBy(long executionId) {
        return count("SELECT COUNT(*) FROM transfer_item WHERE finished_execution_id = ?", executionId);
    }

    /** Copied and verified items whose target's manifest segment is not written yet. */
    public long countUnpublished(long planId) {
        return count("SELECT COUNT(*) FROM " + WITH_MARK + " WHERE t.plan_id = ? AND " + UNPUBLISHED, planId);
    }

    /** Earlier plans (not {@code planId}) with copies to one of {@code siteIds} not yet in its manifest. */
    public List<Long> otherPlansWithUnpublished(long planId, java.util.Collection<Long> siteIds) {
        if (siteIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(siteIds);
        args.add(planId);
        return jdbc.queryForList("SELECT DISTINCT t.plan_id FROM " + WITH_MARK + " WHERE " + UNPUBLISHED
                + " AND t.target_site_id IN (" + String.join(",", java.util.Collections.nCopies(siteIds.size(), "?"))
                + ") AND t.plan_id <> ? ORDER BY t.plan_id", Long.class, args.toArray());
    }

    /**
     * The items an execution could not copy for a conflict, by conflict kind and by what holds them:
     * {@code NEW} a conflict this run opened, {@code OPEN} one on record and still open,
     * {@code RESOLVED} one a person settled (keeping what is there).
     */
    public List<ConflictHold> conflictHolds(String job, long executionId) {
        String onRecord = "SELECT 1 FROM conflict c WHERE c.job_name = ? AND c.recording_id = t.recording_id "
                + "AND c.kind = t.outcome";
        return jdbc.query("SELECT outcome, hold, COUNT(*) AS n FROM (SELECT t.outcome, CASE "
                + "WHEN EXISTS (" + onRecord + " AND c.detected_execution_id = ?) THEN 'NEW' "
                + "WHEN EXISTS (" + onRecord + " AND c.status = 'OPEN') THEN 'OPEN' ELSE 'RESOLVED' END AS hold "
                + "FROM transfer_item t WHERE t.finished_execution_id = ? AND t.status = 'CONFLICT') x "
                + "GROUP BY outcome, hold ORDER BY outcome",
                (rs, n) -> new ConflictHold(rs.getString("outcome"), rs.getString("hold"), rs.getLong("n")),
                job, executionId, job, executionId);
    }

    /** {@code n} items of one run not copied for a conflict of {@code kind}, held as {@code hold} says. */
    public record ConflictHold(String kind, String hold, long n) {}

    /**
     * One run's items for its report, in id order: those it finished, and those its plan still owed
     * when it ended (shown as LEFT, with what became of them since). Items an earlier run of the
     * plan finished are that run's.
     */
    public void forEachOfRun(long planId, long executionId, Consumer<ReportRow> consumer) {
        jdbc.query("SELECT t.item_id, t.link_name, t.recording_id, t.tenant, t.grp, t.audio_path, t.audio_size, "
                + "t.status, t.outcome, t.bytes_copied, t.attempts, t.message, t.finished_execution_id, t.meta_path, "
                + "t.replaces_sha256, t.worker FROM transfer_item t WHERE t.plan_id = ? AND (t.finished_execution_id IS NULL "
                + "OR t.finished_execution_id >= ?) ORDER BY t.item_id", rs -> {
                    Long finishedBy = Sql.nullableLong(rs, "finished_execution_id");
                    boolean mine = finishedBy != null && finishedBy == executionId;
                    String message = rs.getString("message");
                    if (!mine) {
                        String later = finishedBy != null ? "; run " + finishedBy + " finished it: " + rs.getString("outcome")
                                : "ABANDONED".equals(rs.getString("status")) ? "; " + message
                                : "; still pending";
                        message = "left by this run" + later;
                    }
                    consumer.accept(new ReportRow(rs.getLong("item_id"), rs.getString("link_name"),
                            Sql.uuid(rs, "recording_id"), rs.getString("tenant"), rs.getString("grp"),
                            rs.getString("audio_path"), rs.getLong("audio_size"), mine ? rs.getString("status") : "LEFT",
                            mine ? rs.getString("outcome") : null, mine ? rs.getLong("bytes_copied") : 0,
                            rs.getInt("attempts"), message, mine ? finishedBy : null,
                            rs.getString("replaces_sha256") == null ? null : rs.getString("meta_path"),
                            mine ? rs.getString("worker") : null));
                }, planId, executionId);
    }

    /** Every item of a plan for the run report, in id order. */
    public void forEachOfPlan(long planId, Consumer<ReportRow> consumer) {
        jdbc.query("SELECT t.item_id, t.link_name, t.recording_id, t.tenant, t.grp, t.audio_path, t.audio_size, "
                + "t.status, t.outcome, t.bytes_copied, t.attempts, t.message, t.finished_execution_id, t.meta_path, "
                + "t.replaces_sha256, t.worker FROM transfer_item t WHERE t.plan_id = ? ORDER BY t.item_id", rs -> {
                    consumer.accept(new ReportRow(rs.getLong("item_id"), rs.getString("link_name"),
                            Sql.uuid(rs, "recording_id"), rs.getString("tenant"), rs.getString("grp"),
                            rs.getString("audio_path"), rs.getLong("audio_size"), rs.getString("status"),
                            rs.getString("outcome"), rs.getLong("bytes_copied"), rs.getInt("attempts"),
                            rs.getString("message"), Sql.nullableLong(rs, "finished_execution_id"),
                            rs.getString("replaces_sha256") == null ? null : rs.getString("meta_path"),
                            rs.getString("worker")));
                }, planId);
    }

    /**
     * One line of a run report.
     *
     * @param updatesMetadataAt for a metadata update, the sidecar it replaces; null for a copy
     * @param worker the worker process that finished it (README "Scaling out"); null when the run did
     */
    public record ReportRow(long itemId, String link, java.util.UUID recordingId, String tenant, String group,
            String audioPath, long audioSize, String status, String outcome, long bytesCopied, int attempts,
            String message, Long finishedExecutionId, String updatesMetadataAt, String worker) {}

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private static TransferItem map(ResultSet rs) throws SQLException {
        Recording r = ManifestIndex.map(rs);
        return new TransferItem(rs.getLong("item_id"), rs.getLong("plan_id"), rs.getString("link_name"),
                rs.getLong("source_site_id"), rs.getLong("target_site_id"), rs.getBoolean("copy_audio"),
                rs.getBoolean("copy_metadata"), r, rs.getInt("attempts"), rs.getString("replaces_sha256"),
                rs.getString("keep_loser_as"));
    }
}
