package io.recsync.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One JSON Lines manifest line. Fields are checked in the order the specification lists them, so
 * the problem reported for a line with several is always the same one. Unknown fields are
 * ignored: a newer writer may add some, and an older reader must still read its files.
 */
final class JsonLineParser implements LineParser {

    private static final String WHAT = "one JSON object per line";

    @Override
    public Recording parse(String text, long line) {
        return recording(JsonFields.parseObject(text, WHAT));
    }

    /**
     * A recording, or a removal: {@code {"id": "...", "removed": true}} (any other fields, such as
     * {@code removedAt} and {@code reason}, are for people). {@code "removed": false} is an error,
     * not a recording: a writer meant something this reader does not know.
     */
    @Override
    public ManifestEntry entry(String text, long line) {
        JsonNode root = JsonFields.parseObject(text, WHAT);
        if (root.has("removed")) {
            JsonNode removed = root.get("removed");
            if (!removed.isBoolean() || !removed.booleanValue()) {
                throw new InvalidFieldException("removed", "expected true (a removal line: {\"id\": ..., \"removed\": true}),"
                        + " got " + removed);
            }
            return new ManifestEntry.Removed(RecordingValidator.id("id", JsonFields.text(root, "id", "id", FieldRule.ID)), line);
        }
        return new ManifestEntry.Valid(recording(root), line);
    }

    private static Recording recording(JsonNode root) {
        UUID id = RecordingValidator.id("id", JsonFields.text(root, "id", "id", FieldRule.ID));
        String tenant = RecordingValidator.name("tenant", JsonFields.text(root, "tenant", "tenant", FieldRule.NAME));
        String group = RecordingValidator.name("group", JsonFields.text(root, "group", "group", FieldRule.NAME));
        Instant recordedAt = RecordingValidator.timestamp("recordedAt",
                JsonFields.text(root, "recordedAt", "recordedAt", FieldRule.TIMESTAMP));
        FileRef audio = file(root, "audio");
        FileRef metadata = JsonFields.has(root, "metadata") ? file(root, "metadata") : null;
        RecordingValidator.distinctFiles("metadata.path", audio, metadata);
        long version = JsonFields.has(root, "version")
                ? RecordingValidator.version("version", JsonFields.integer(root, "version", "version", FieldRule.VERSION))
                : 1;
        Instant updatedAt = JsonFields.has(root, "updatedAt")
                ? RecordingValidator.timestamp("updatedAt", JsonFields.text(root, "updatedAt", "updatedAt", FieldRule.TIMESTAMP))
                : null;
        return new Recording(id, tenant, group, recordedAt, audio, metadata, version, updatedAt);
    }

    private static FileRef file(JsonNode root, String name) {
        JsonNode node = JsonFields.object(root, name, name);
        String pathField = name + ".path";
        String sizeField = name + ".size";
        String shaField = name + ".sha256";
        return new FileRef(
                RecordingValidator.path(pathField, JsonFields.text(node, "path", pathField, FieldRule.PATH)),
                RecordingValidator.size(sizeField, JsonFields.integer(node, "size", sizeField, FieldRule.SIZE)),
                RecordingValidator.sha256(shaField, JsonFields.text(node, "sha256", shaField, FieldRule.SHA256)));
    }
}
