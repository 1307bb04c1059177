package io.recsync.manifest;

import io.recsync.connector.PathRejectedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one place that knows what a valid recording is. Readers (JSONL, CSV), the sidecar parser,
 * the scanner and the writer all call these checks, so a value accepted from one format is
 * accepted from every other and a recording that is written can always be read back.
 *
 * <p>Each method takes the field name as the caller spells it ({@code audio.sha256} in JSONL,
 * {@code audioSha256} in CSV) and throws {@link InvalidFieldException} naming it.
 */
public final class RecordingValidator {

    /** {@link UUID#fromString} alone accepts "1-1-1-1-1"; a manifest must spell ids in full. */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** {@link Instant#parse} alone accepts years beyond 9999 and a leading '+'. */
    private static final Pattern TIMESTAMP_TEXT = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final UUID NIL = new UUID(0, 0);

    private RecordingValidator() {}

    public static UUID id(String field, String raw) {
        if (raw == null || !UUID_TEXT.matcher(raw).matches()) {
            throw FieldRule.ID.gotText(field, raw);
        }
        UUID id = UUID.fromString(raw);
        if (id.equals(NIL)) {
            throw FieldRule.ID.got(field, "the nil UUID, which no recorder assigns");
        }
        return id;
    }

    /** Tenant and group: they become path segments and filter keys, so no '/' and no controls. */
    public static String name(String field, String raw) {
        if (raw == null || raw.isEmpty() || raw.indexOf('/') >= 0 || hasControl(raw)) {
            throw FieldRule.NAME.gotText(field, raw);
        }
        return raw;
    }

    /** Accepts a numeric offset as well as 'Z' (no information is lost); always yields UTC. */
    public static Instant timestamp(String field, String raw) {
        if (raw == null || !TIMESTAMP_TEXT.matcher(raw).matches()) {
            throw FieldRule.TIMESTAMP.gotText(field, raw);
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw FieldRule.TIMESTAMP.gotText(field, raw);
        }
    }

    public static long size(String field, long size) {
        if (size < 0) {
            throw FieldRule.SIZE.got(field, Long.toString(size));
        }
        return size;
    }

    /**
     * Upper-case hex is rejected rather than folded: the checksum is compared as text across
     * sites and in the database, and a writer that emits upper case should be fixed at the source.
     */
    public static String sha256(String field, String raw) {
        if (!Sha256.isValidHex(raw)) {
            throw FieldRule.SHA256.gotText(field, raw);
        }
        return raw;
    }

    public static StoragePath path(String field, String raw) {
        StoragePath path;
        try {
            path = StoragePath.of(raw);
        } catch (PathRejectedException e) {
            throw new InvalidFieldException(field, e.getMessage() + "; expected " + FieldRule.PATH.expected);
        }
        return notReserved(field, path);
    }

    public static long version(String field, long version) {
        if (version < 1) {
            throw FieldRule.VERSION.got(field, Long.toString(version));
        }
        return version;
    }

    /**
     * Checks a recording built in code (by a scan, or before it is written), with the JSONL field
     * names. Paths are already {@link StoragePath}s, so only the reserved names are checked here.
     *
     * @throws InvalidFieldException on the first rule broken
     */
    public static void check(Recording r) {
        if (r.id() == null) {
            throw FieldRule.ID.missing("id");
        }
        id("id", r.id().toString());
        name("tenant", r.tenant());
        name("group", r.group());
        if (r.recordedAt() == null) {
            throw FieldRule.TIMESTAMP.missing("recordedAt");
        }
        checkFile("audio", r.audio());
        if (r.metadata() != null) {
            checkFile("metadata", r.metadata());
            distinctFiles("metadata.path", r.audio(), r.metadata());
        }
        version("version", r.version());
    }

    /** Audio and sidecar are two files; one path for both would make copies clobber each other. */
    static void distinctFiles(String metadataPathField, FileRef audio, FileRef metadata) {
        if (metadata != null && metadata.path().equals(audio.path())) {
            throw new InvalidFieldException(metadataPathField,
                    "is the same as the audio path; expected the sidecar's own path");
        }
    }

    private static void checkFile(String prefix, FileRef file) {
        if (file == null) {
            throw FieldRule.OBJECT.missing(prefix);
        }
        if (file.path() == null) {
            throw FieldRule.PATH.missing(prefix + ".path");
        }
        notReserved(prefix + ".path", file.path());
        size(prefix + ".size", file.size());
        sha256(prefix + ".sha256", file.sha256());
    }

    private static StoragePath notReserved(String field, StoragePath path) {
        String reserved = ReservedPaths.reason(path);
        if (reserved != null) {
            throw new InvalidFieldException(field, reserved + ": " + FieldRule.shown(path.value())
                    + "; expected the path of a recording's audio or sidecar");
        }
        return path;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
