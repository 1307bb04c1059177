package io.recsync.store;

import java.time.Instant;
import java.util.UUID;

/** One row of the conflict table, both sides' facts included. */
public record ConflictRecord(long id, String job, String kind, UUID recordingId, String tenant, String sourceSite,
        String targetSite, String sourcePath, Long sourceSize, String sourceSha256, String targetPath, Long targetSize,
        String targetSha256, String detail, String status, Long detectedExecutionId, Instant detectedAt,
        String resolution, String note, String resolvedBy, Instant resolvedAt) {

    /** A new conflict found while copying (not by the plan's SQL). */
    public static ConflictRecord found(String job, String kind, UUID recordingId, String tenant, String sourceSite,
            String targetSite, String sourcePath, Long sourceSize, String sourceSha256, String targetPath,
            Long targetSize, String targetSha256, String detail) {
        return new ConflictRecord(0, job, kind, recordingId, tenant, sourceSite, targetSite, sourcePath, sourceSize,
                sourceSha256, targetPath, targetSize, targetSha256, detail, "OPEN", null, null, null, null, null, null);
    }

    /** Identifies the disagreement across runs; sides in a fixed order. */
    public String fingerprint() {
        boolean sourceFirst = String.valueOf(sourceSite).compareTo(String.valueOf(targetSite)) <= 0;
        return kind + "|" + recordingId + "|" + (sourceFirst
                ? sourceSite + "|" + targetSite + "|" + sourceSha256 + "|" + targetSha256
                : targetSite + "|" + sourceSite + "|" + targetSha256 + "|" + sourceSha256);
    }
}
