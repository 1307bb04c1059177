package io.recsync.manifest;

/** The running counts of one scan, shared by its parts; becomes a {@link ScanStats} at the end. */
final class ScanCounters {
    long filesSeen;
    long ignored;
    long otherFiles;
    long sidecarsSeen;
    long recordings;
    long problems;
    long filesHashed;
    long bytesHashed;
    long cacheHits;
    long serverChecksums;

    ScanStats toStats(long sidecarsPaired) {
        return new ScanStats(filesSeen, ignored, otherFiles, Math.max(0, sidecarsSeen - sidecarsPaired),
                recordings, problems, filesHashed, bytesHashed, cacheHits, serverChecksums);
    }
}
