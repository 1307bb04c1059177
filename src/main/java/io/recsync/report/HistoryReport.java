package io.recsync.report;

import io.recsync.store.FullProofStore;
import io.recsync.store.RunRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** `recsync history`: one row per run. */
public final class HistoryReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private HistoryReport() {}

    public static Table of(List<RunRecord> runs, Format format) {
        return of(runs, java.util.Map.of(), format);
    }

    /**
     * @param provenInFull per run id, the sites that run rescanned and rehashed in full (a resync's
     *     targets), comma-separated
     */
    public static Table of(List<RunRecord> runs, java.util.Map<Long, String> provenInFull, Format format) {
        boolean machine = format != Format.TABLE;
        Table t = new Table("run", "job", "kind", "start", "end", "status", "exit", "planned", "copied", "bytes", "rate",
                "conflicts", "failed", "provenInFull", "released");
        for (RunRecord r : runs) {
            t.row(r.executionId(), r.job(), r.kind(), time(r.startedAt(), machine), time(r.endedAt(), machine), r.status(),
                    r.exitCode(), r.planned(), r.copied(),
                    machine ? (Object) r.bytesCopied() : Units.bytes(r.bytesCopied()),
                    machine ? (Object) Math.round(r.bytesPerSecond()) : Units.rate(r.bytesPerSecond()),
                    r.conflicts(), r.failed(), provenInFull.get(r.executionId()),
                    // fallback copies of target groups deleted (release: true): "15 (cold 15)"
                    machine ? (Object) r.tally().released() : r.tally().released() == 0 ? null
                            : r.tally().released() + " (" + r.tally().releasedFrom() + ")");
        }
        return t;
    }

    /**
     * One line per target and scope: when a resync last proved it in full, e.g.
     * {@code site-b last proven in full: 2026-12-01 03:10:00Z by run 14 (resync, exit 0)}. A sync
     * proves only what it copied; these lines say how old the last complete check of the rest is.
     */
    public static void printProofs(java.io.PrintStream out, List<FullProofStore.Proof> proofs, boolean manyJobs) {
        for (FullProofStore.Proof p : proofs) {
            out.println((manyJobs ? p.job() + ": " : "") + p.site() + " last proven in full"
                    + (FullProofStore.ALL.equals(p.scope()) ? "" : " for " + p.scope()) + ": " + time(p.provenAt(), false)
                    + " by run " + p.executionId() + " (" + (p.runKind() == null ? "resync" : p.runKind()) + ", "
                    + (p.exitCode() == null ? "still running or stopped" : "exit " + p.exitCode()) + ")");
        }
    }

    static String time(Instant i, boolean iso) {
        if (i == null) {
            return null;
        }
        return iso ? i.toString() : TIME.format(i);
    }
}
