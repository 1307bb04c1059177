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

    /**
     * Both sides of one conflict, side by side.
     *
     * @param fields the metadata fields that differ, read from the sites now; null when not read
     */
    public static void show(ConflictRecord c, List<JsonFieldDiff.Field> fields, PrintStream out) {
        out.println("Conflict " + c.id() + " (" + c.kind() + ", " + c.status() + ") in job '" + c.job() + "'");
        out.println("  recording: " + c.recordingId() + "  tenant: " + c.tenant());
        out.println("  detected:  " + c.detectedAt() + " by run " + c.detectedExecutionId());
        // The source column is as wide as its longest value, so the target column lines up.
        int width = Math.max(24, Math.max(val(c.sourcePath()).length(), val(c.sourceSha256()).length()) + 2);
        if (fields != null) {
            for (JsonFieldDiff.Field f : fields) {
                width = Math.max(width, val(f.left()).length() + 2);
            }
        }
        String row = "  %-12s %-" + width + "s %s%n";
        out.printf(row, "", "source: " + c.sourceSite(), "target: " + c.targetSite());
        out.printf(row, "path", val(c.sourcePath()), val(c.targetPath()));
        out.printf(row, "size", val(c.sourceSize()), val(c.targetSize()));
        out.printf(row, "sha256", val(c.sourceSha256()), val(c.targetSha256()));
        if (c.sourceVersion() != null || c.targetVersion() != null) {
            out.printf(row, "version", val(c.sourceVersion()), val(c.targetVersion()));
            out.printf(row, "updatedAt", val(c.sourceUpdatedAt()), val(c.targetUpdatedAt()));
        }
        if (fields == null && "METADATA_DIFFERS".equals(c.kind())) {
            out.println("  metadata fields: add --job FILE to read both sidecars from the sites and compare their fields");
        }
        if (fields != null) {
            if (fields.isEmpty()) {
                out.println("  metadata fields: none differ now (read from the sites)");
            } else {
                out.println("  metadata fields that differ (read from the sites now):");
                for (JsonFieldDiff.Field f : fields) {
                    out.printf(row, f.name(), val(f.left()), val(f.right()));
                }
            }
        }
        // Conflicts recorded before the next step was printed say "review with `recsync conflicts show`".
        out.println("  detail:    " + (c.detail() == null ? "-"
                : c.detail().replace(": review with `recsync conflicts show`", " until a person settles it")));
        if (c.resolvedAt() != null) {
            out.println("  resolved:  keep " + c.resolution() + " by " + c.resolvedBy() + " at " + c.resolvedAt()
                    + (c.note() == null ? "" : " - " + c.note()));
        }
    }

    private static String val(Object o) {
        return o == null ? "-" : String.valueOf(o);
    }
}
