package io.recsync.report;

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
        boolean machine = format != Format.TABLE;
        Table t = new Table("run", "job", "kind", "start", "end", "status", "exit", "planned", "copied", "bytes", "rate",
                "conflicts", "failed");
        for (RunRecord r : runs) {
            t.row(r.executionId(), r.job(), r.kind(), time(r.startedAt(), machine), time(r.endedAt(), machine), r.status(),
                    r.exitCode(), r.planned(), r.copied(),
                    machine ? (Object) r.bytesCopied() : Units.bytes(r.bytesCopied()),
                    machine ? (Object) Math.round(r.bytesPerSecond()) : Units.rate(r.bytesPerSecond()),
                    r.conflicts(), r.failed());
        }
        return t;
    }

    static String time(Instant i, boolean iso) {
        if (i == null) {
            return null;
        }
        return iso ? i.toString() : TIME.format(i);
    }
}
