package io.recsync.sync;

import java.time.Duration;
import java.util.List;

/**
 * What one `recsync audit` was asked for.
 *
 * @param sites the sites to audit (the job's, or those named by --site)
 * @param samplePercent share of the archive's copies to check, least recently proven first (100: all)
 * @param olderThan only copies not proven within this span; null for any
 * @param readBackPercent on storage that keeps a SHA-256 with each object (S3 checksum mode), the
 *     share of copies read back in full besides comparing the stored checksum
 * @param repair restore damaged and missing copies from a proven-good copy at another site
 */
public record AuditOptions(List<String> sites, double samplePercent, Duration olderThan, double readBackPercent,
        boolean repair, boolean heldOnly) {

    public AuditOptions(List<String> sites, double samplePercent, Duration olderThan, double readBackPercent,
            boolean repair) {
        this(sites, samplePercent, olderThan, readBackPercent, repair, false);
    }

    /** One line for the audit's record: what it covered. */
    public String scope() {
        return "sites=" + String.join(",", sites) + " sample=" + fmt(samplePercent) + "%"
                + (olderThan == null ? "" : " older-than=" + olderThan) + " read-back=" + fmt(readBackPercent) + "%"
                + (repair ? " repair" : "") + (heldOnly ? " held" : "");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
