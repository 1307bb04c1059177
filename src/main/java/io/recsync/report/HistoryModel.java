package io.recsync.report;

import io.recsync.store.ConflictStore;
import io.recsync.store.FullProofStore;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.RunLedger;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything `recsync history` shows, in text or HTML: the runs (newest first), the sites each
 * proved in full, the latest full proofs, conflicts found and settled per day, and backlog and lag
 * per link over time (the snapshot each run takes as it ends, one job's only).
 *
 * @param job the job, null for all jobs
 * @param since only runs started at or after this, null for any
 * @param provenInFull per run id, the sites that run proved in full, comma-separated
 * @param conflictDays per UTC day with any, conflicts found and settled that day and those still open at its end
 * @param linkPoints backlog and lag per link over time, from the runs' snapshots; empty for all jobs together
 */
public record HistoryModel(String job, Instant since, List<RunRecord> runs, Map<Long, String> provenInFull,
        List<FullProofStore.Proof> latestProofs, List<ConflictDay> conflictDays, List<LinkPoint> linkPoints,
        IntFunction<String> exitMeanings) {

    /** Conflicts of one UTC day. */
    public record ConflictDay(LocalDate day, long opened, long resolved, long openAtEnd) {}

    public static HistoryModel load(StateDatabase db, String job, Instant since, int limit, IntFunction<String> meanings) {
        JdbcTemplate jdbc = db.jdbc();
        List<RunRecord> runs = new RunLedger(jdbc).list(job, since, limit);
        FullProofStore proofs = new FullProofStore(jdbc);
        return new HistoryModel(job, since, runs, proofs.sitesByRun(runs.stream().map(RunRecord::executionId).toList()),
                proofs.latest(job), conflictDays(new ConflictStore(jdbc).timeline(job, null), since),
                job == null ? List.of() : linkPoints(new LinkBacklogStore(jdbc, db.dialect()).history(job, since)), meanings);
    }

    /** Each run's snapshot of its links' totals (the per-tenant rows are left to the tables). */
    static List<LinkPoint> linkPoints(List<LinkBacklogStore.Snapshot> snapshots) {
        return snapshots.stream().filter(s -> s.backlog().tenant() == null)
                .map(s -> new LinkPoint(s.takenAt(), s.backlog().link(), s.backlog().items(), s.backlog().bytes(),
                        s.backlog().lag(s.takenAt()).toSeconds()))
                .toList();
    }

    /** This history with backlog and lag per link over time (from a snapshot table). */
    public HistoryModel withLinkPoints(List<LinkPoint> points) {
        return new HistoryModel(job, since, runs, provenInFull, latestProofs, conflictDays, List.copyOf(points),
                exitMeanings);
    }

    /** The runs, oldest first (for charts over time). */
    public List<RunRecord> runsOldestFirst() {
        List<RunRecord> out = new ArrayList<>(runs);
        java.util.Collections.reverse(out);
        return out;
    }

    public String exitMeaning(Integer code) {
        return code == null ? null : exitMeanings.apply(code);
    }

    static List<ConflictDay> conflictDays(List<ConflictStore.Times> all, Instant since) {
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        for (ConflictStore.Times t : all) {
            if (t.detectedAt() != null) {
                days.computeIfAbsent(day(t.detectedAt()), d -> new long[2])[0]++;
            }
            if (t.resolvedAt() != null) {
                days.computeIfAbsent(day(t.resolvedAt()), d -> new long[2])[1]++;
            }
        }
        List<ConflictDay> out = new ArrayList<>();
        long open = 0;
        LocalDate first = since == null ? null : day(since);
        for (Map.Entry<LocalDate, long[]> e : days.entrySet()) {
            open += e.getValue()[0] - e.getValue()[1];
            if (first == null || !e.getKey().isBefore(first)) {
                out.add(new ConflictDay(e.getKey(), e.getValue()[0], e.getValue()[1], open));
            }
        }
        return out;
    }

    private static LocalDate day(Instant i) {
        return i.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
