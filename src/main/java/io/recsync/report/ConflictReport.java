package io.recsync.report;

import io.recsync.store.ConflictRecord;
import java.io.PrintStream;
import java.util.List;

/** Conflict listings and the side-by-side view of one conflict. */
public final class ConflictReport {

    private ConflictReport() {}

    public static Table list(List<ConflictRecord> conflicts, Format format) {
        Table t = new Table("id", "job", "kind", "status", "recording", "tenant", "source", "target", "detected", "path",
                "resolution", "resolvedBy");
        for (ConflictRecord c : conflicts) {
            t.row(c.id(), c.job(), c.kind(), c.status(), c.recordingId(), c.tenant(), c.sourceSite(), c.targetSite(),
                    HistoryReport.time(c.detectedAt(), format != Format.TABLE),
                    c.targetPath() != null ? c.targetPath() : c.sourcePath(), c.resolution(), c.resolvedBy());
        }
        return t;
    }

    public static void show(ConflictRecord c, PrintStream out) {
        out.println("Conflict " + c.id() + " (" + c.kind() + ", " + c.status() + ") in job '" + c.job() + "'");
        out.println("  recording: " + c.recordingId() + "  tenant: " + c.tenant());
        out.println("  detected:  " + c.detectedAt() + " by run " + c.detectedExecutionId());
        out.printf("  %-8s %-22s %-12s %s%n", "", "site", "size", "sha256 / path");
        out.printf("  %-8s %-22s %-12s %s%n", "source", c.sourceSite(), val(c.sourceSize()), val(c.sourceSha256()));
        out.printf("  %-8s %-22s %-12s %s%n", "", "", "", val(c.sourcePath()));
        out.printf("  %-8s %-22s %-12s %s%n", "target", c.targetSite(), val(c.targetSize()), val(c.targetSha256()));
        out.printf("  %-8s %-22s %-12s %s%n", "", "", "", val(c.targetPath()));
        out.println("  detail:    " + c.detail());
        if (c.resolvedAt() != null) {
            out.println("  resolved:  keep " + c.resolution() + " by " + c.resolvedBy() + " at " + c.resolvedAt()
                    + (c.note() == null ? "" : " - " + c.note()));
        }
    }

    private static String val(Object o) {
        return o == null ? "-" : String.valueOf(o);
    }
}
