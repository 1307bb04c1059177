package io.recsync.manifest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CSV manifest lines. The first non-blank line is the header; columns are found by name, so their
 * order is free. Problems name the CSV column ({@code audioSha256}), which is what a person sees.
 *
 * <p>Unlike unknown JSON fields, an unknown CSV column is an error: a CSV has no nesting to carry
 * extensions, so an unknown column most likely is a misspelt known one whose values would be lost.
 */
final class CsvLineParser implements LineParser {

    static final List<String> COLUMNS = List.of("id", "tenant", "group", "recordedAt",
            "audioPath", "audioSize", "audioSha256", "metadataPath", "metadataSize", "metadataSha256", "version",
            "updatedAt");
    private static final List<String> REQUIRED = COLUMNS.subList(0, 7);
    private static final List<String> METADATA = COLUMNS.subList(7, 10);
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    private final String source;
    private Map<String, Integer> columns;

    CsvLineParser(String source) {
        this.source = source;
    }

    @Override
    public Recording parse(String text, long line) {
        if (columns == null) {
            columns = header(text, line);
            return null;
        }
        List<String> values = CsvCodec.split(text);
        if (values.size() != columns.size()) {
            throw new InvalidFieldException(null,
                    "expected " + columns.size() + " fields as in the header, got " + values.size());
        }
        UUID id = RecordingValidator.id("id", required(values, "id", FieldRule.ID));
        String tenant = RecordingValidator.name("tenant", required(values, "tenant", FieldRule.NAME));
        String group = RecordingValidator.name("group", required(values, "group", FieldRule.NAME));
        Instant recordedAt = RecordingValidator.timestamp("recordedAt", required(values, "recordedAt", FieldRule.TIMESTAMP));
        FileRef audio = file(values, "audio");
        boolean hasMetadata = METADATA.stream().anyMatch(c -> !value(values, c).isEmpty());
        FileRef metadata = hasMetadata ? file(values, "metadata") : null;
        RecordingValidator.distinctFiles("metadataPath", audio, metadata);
        String version = value(values, "version");
        long v = version.isEmpty() ? 1 : RecordingValidator.version("version", integer("version", version, FieldRule.VERSION));
        String updated = value(values, "updatedAt");
        Instant updatedAt = updated.isEmpty() ? null : RecordingValidator.timestamp("updatedAt", updated);
        return new Recording(id, tenant, group, recordedAt, audio, metadata, v, updatedAt);
    }

    private FileRef file(List<String> values, String prefix) {
        String path = prefix + "Path";
        String size = prefix + "Size";
        String sha = prefix + "Sha256";
        return new FileRef(
                RecordingValidator.path(path, required(values, path, FieldRule.PATH)),
                RecordingValidator.size(size, integer(size, required(values, size, FieldRule.SIZE), FieldRule.SIZE)),
                RecordingValidator.sha256(sha, required(values, sha, FieldRule.SHA256)));
    }

    private String value(List<String> values, String column) {
        Integer index = columns.get(column);
        return index == null ? "" : values.get(index);
    }

    private String required(List<String> values, String column, FieldRule rule) {
        String v = value(values, column);
        if (v.isEmpty()) {
            throw rule.missing(column);
        }
        return v;
    }

    private static long integer(String column, String raw, FieldRule rule) {
        if (INTEGER.matcher(raw).matches()) {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException tooLarge) {
                // reported below like any other non-integer
            }
        }
        throw rule.gotText(column, raw);
    }

    private Map<String, Integer> header(String text, long line) {
        List<String> names;
        try {
            names = CsvCodec.split(text);
        } catch (InvalidFieldException e) {
            throw headerError(line, "the header is not valid CSV: " + e.reason());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!COLUMNS.contains(name)) {
                throw headerError(line, "unknown column " + FieldRule.shown(name) + " in the header; expected only "
                        + String.join(",", COLUMNS));
            }
            if (index.put(name, i) != null) {
                throw headerError(line, "column '" + name + "' appears twice in the header; expected each once");
            }
        }
        for (String name : REQUIRED) {
            if (!index.containsKey(name)) {
                throw headerError(line, "the header has no column '" + name + "'; expected at least "
                        + String.join(",", REQUIRED));
            }
        }
        long metadataColumns = METADATA.stream().filter(index::containsKey).count();
        if (metadataColumns != 0 && metadataColumns != METADATA.size()) {
            throw headerError(line, "the header has only some of " + String.join(",", METADATA)
                    + "; expected all three or none");
        }
        return index;
    }

    private ManifestException headerError(long line, String message) {
        return new ManifestException(new ManifestProblem(source, line, null, message));
    }
}
