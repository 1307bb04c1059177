package io.recsync.sync;

import io.recsync.connector.StoragePath;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where recsync keeps a target's manifest on the target itself: {@code .recsync/manifest/}, one
 * gzipped JSON Lines segment per publishing run, never rewritten (so S3 works and any site can
 * read another's). Names sort by time.
 */
public final class SegmentNames {

    public static final StoragePath DIRECTORY = StoragePath.of(".recsync/manifest");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SegmentNames() {}

    public static StoragePath segment(Instant at, long executionId, String kind) {
        return DIRECTORY.resolve(kind + "-" + STAMP.format(at) + "-run" + executionId + ".jsonl.gz");
    }

    public static boolean isSegment(StoragePath p) {
        return p.startsWith(DIRECTORY) && p.name().endsWith(".jsonl.gz");
    }
}
