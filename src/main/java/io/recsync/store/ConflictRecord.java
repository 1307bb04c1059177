package io.recsync.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the conflict table, both sides' facts included.
 *
 * @param sourceVersion the metadata version on the source side (metadata conflicts), else null
 * @param resolution source, target or both once resolved; null while open
 * @param resolvedBy the OS user who resolved it, or {@code policy:<name>} when the job's policy did
 */
public record ConflictRecord(long id, String job, String kind, UUID recordingId, String tenant, String sourceSite,
        String targetSite, String sourcePath, Long sourceSize, String sourceSha256, String targetPath, Long targetSize,
        String targetSha256, String detail, String status, Long detectedExecutionId, Instant detectedAt,
        String resolution, String note, String resolvedBy, Instant resolvedAt, Long sourceVersion, Long targetVersion,
        Instant sourceUpdatedAt, Instant targetUpdatedAt) {

    /** A new conflict found while planning or copying. */
    public static ConflictRecord found(String job, String kind, UUID recordingId, String tenant, String sourceSite,
            String targetSite, String sourcePath, Long sourceSize, String sourceSha256, String targetPath,
            Long targetSize, String targetSha256, String detail) {
        return new ConflictRecord(0, job, kind, recordingId, tenant, sourceSite, targetSite, sourcePath, sourceSize,
                sourceSha256, targetPath, targetSize, targetSha256, detail, "OPEN", null, null, null, null, null, null,
                null, null, null, null);
    }

    /** This conflict with both sides' metadata versions. */
    public ConflictRecord withVersions(Long source, Long target, Instant sourceUpdated, Instant targetUpdated) {
        return new ConflictRecord(id, job, kind, recordingId, tenant, sourceSite, targetSite, sourcePath, sourceSize,
                sourceSha256, targetPath, targetSize, targetSha256, detail, status, detectedExecutionId, detectedAt,
                resolution, note, resolvedBy, resolvedAt, source, target, sourceUpdated, targetUpdated);
    }

    /** This conflict, settled the moment it was found (by the job's policy). */
    public ConflictRecord settledBy(String by, String keep) {
        return new ConflictRecord(id, job, kind, recordingId, tenant, sourceSite, targetSite, sourcePath, sourceSize,
                sourceSha256, targetPath, targetSize, targetSha256, detail, "RESOLVED", detectedExecutionId, detectedAt,
                keep, null, by, Instant.now(), sourceVersion, targetVersion, sourceUpdatedAt, targetUpdatedAt);
    }

    /** Identifies the disagreement across runs; sides in a fixed order. */
    public String fingerprint() {
        boolean sourceFirst = String.valueOf(sourceSite).compareTo(String.valueOf(targetSite)) <= 0;
        return kind + "|" + recordingId + "|" + (sourceFirst
                ? sourceSite + "|" + targetSite + "|" + sourceSha256 + "|" + targetSha256
                : targetSite + "|" + sourceSite + "|" + targetSha256 + "|" + sourceSha256);
    }
}
