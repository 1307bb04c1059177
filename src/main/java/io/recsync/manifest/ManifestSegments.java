package io.recsync.manifest;

import io.recsync.connector.StoragePath;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names of the manifest segments recsync keeps on each target site under
 * {@code .recsync/manifest/}. A target's manifest is append-only: every sync run that added
 * recordings writes one new gzipped JSONL segment, and no segment is ever rewritten. That works
 * on storage without append or rename (S3), and a reader that lists the directory while a run
 * writes sees either the whole new segment (puts are atomic) or none of it.
 *
 * <p>Names sort in the order they were written, so reading segments in name order replays the
 * site's history; a later line for an id with a higher version supersedes an earlier one.
 */
public final class ManifestSegments {

    /** Where a site's segments live, relative to its root. */
    public static final StoragePath DIRECTORY = StoragePath.of(ReservedPaths.STATE_DIRECTORY + "/manifest");

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[0-9]{8}T[0-9]{9}Z-[A-Za-z0-9_-]{1,64}\\.jsonl\\.gz");

    private ManifestSegments() {}

    /**
     * The path of a new segment, e.g. {@code .recsync/manifest/20261120T140311123Z-run-42.jsonl.gz}.
     *
     * @param runId the run that writes it (letters, digits, '-' and '_'), which also keeps two
     *     runs in the same millisecond apart
     */
    public static StoragePath segment(Instant writtenAt, String runId) {
        if (runId == null || !RUN.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id " + FieldRule.shown(runId)
                    + " must be 1 to 64 letters, digits, '-' or '_'");
        }
        return DIRECTORY.resolve(STAMP.format(writtenAt) + "-" + runId + ManifestFormat.JSONL.extension(true));
    }

    /** Whether {@code path} is a segment in {@link #DIRECTORY} (and not a temp object or other file). */
    public static boolean isSegment(StoragePath path) {
        return path.parent().equals(DIRECTORY) && NAME.matcher(path.name()).matches();
    }
}
