package io.recsync.manifest;

/**
 * Something wrong with one manifest line or one scanned file, located so a person can find it.
 *
 * @param source the manifest's name as the operator knows it ({@code site-a/manifest.jsonl}) or,
 *     for a scan, {@code <site>:<path>}
 * @param line 1-based physical line, or 0 when the source has no lines (a scanned file)
 * @param field the field at fault ({@code audio.sha256}, or the CSV column), null when the whole
 *     line is at fault (malformed JSON, wrong field count)
 * @param message what is wrong and what was expected
 */
public record ManifestProblem(String source, long line, String field, String message) {

    /** {@code site-a/manifest.jsonl:12: field 'audio.sha256': expected 64 lower-case hex ...}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (field != null) {
            b.append("field '").append(field).append("': ");
        }
        return b.append(message).toString();
    }
}
