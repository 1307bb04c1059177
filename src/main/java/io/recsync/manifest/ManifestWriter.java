package io.recsync.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes recordings as a manifest, streaming, in the canonical shape: keys in the order of the
 * specification, instants as UTC with 'Z', metadata written as null when there is none.
 *
 * <p>Every recording is checked with {@link RecordingValidator#check} before any of it is written,
 * so a writer never produces a line its reader would reject. The writer does not make the output
 * appear atomically: callers write to a temp object (or through {@code Connector.put}) and publish
 * only after {@link #close()} returned, which is when the gzip trailer has been written.
 */
public final class ManifestWriter implements Closeable {

    private final Writer out;
    private final JsonGenerator json;
    private long count;

    private ManifestWriter(Writer out, JsonGenerator json) {
        this.out = out;
        this.json = json;
    }

    /** A writer over {@code out}, which it closes on {@link #close()}. */
    public static ManifestWriter open(OutputStream out, ManifestFormat format, boolean gzip) {
        try {
            OutputStream target = gzip ? new GZIPOutputStream(out, 64 * 1024) : out;
            Writer writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
            if (format == ManifestFormat.CSV) {
                writer.write(String.join(",", CsvLineParser.COLUMNS));
                writer.write("\r\n");
                return new ManifestWriter(writer, null);
            }
            JsonGenerator generator = JsonFields.MAPPER.getFactory().createGenerator(writer);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.setRootValueSeparator(null);
            return new ManifestWriter(writer, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start writing a manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one recording.
     *
     * @throws InvalidFieldException if the recording breaks a manifest rule (nothing is written)
     */
    public void write(Recording r) {
        RecordingValidator.check(r);
        try {
            if (json != null) {
                writeJson(r);
            } else {
                writeCsv(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a manifest line: " + e.getMessage(), e);
        }
        count++;
    }

    /**
     * Appends a removal line, {@code {"id": "...", "removed": true, "removedAt": "...", "reason": "..."}}:
     * the site no longer holds the recording (recsync deleted it there, e.g. a released fallback copy
     * of a target group). A reader applies it in order: it supersedes the earlier lines for the id.
     * JSON Lines only (recsync's own segments); a CSV manifest has no removal line.
     *
     * @param reason for people reading the segment; never a secret (no paths beyond the site)
     */
    public void writeRemoval(java.util.UUID id, java.time.Instant at, String reason) {
        if (json == null) {
            throw new IllegalStateException("a CSV manifest has no removal line; removals are written to JSON Lines segments");
        }
        try {
            json.writeStartObject();
            json.writeStringField("id", id.toString());
            json.writeBooleanField("removed", true);
            json.writeStringField("removedAt", at.toString());
            if (reason != null) {
                json.writeStringField("reason", reason);
            }
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a manifest line: " + e.getMessage(), e);
        }
        count++;
    }

    /** Lines (recordings and removals) written so far. */
    public long count() {
        return count;
    }

    private void writeJson(Recording r) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", r.id().toString());
        json.writeStringField("tenant", r.tenant());
        json.writeStringField("group", r.group());
        json.writeStringField("recordedAt", r.recordedAt().toString());
        writeFile("audio", r.audio());
        if (r.metadata() == null) {
            json.writeNullField("metadata");
        } else {
            writeFile("metadata", r.metadata());
        }
        json.writeNumberField("version", r.version());
        if (r.updatedAt() != null) {
            json.writeStringField("updatedAt", r.updatedAt().toString());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeFile(String name, FileRef file) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeStringField("path", file.path().value());
        json.writeNumberField("size", file.size());
        json.writeStringField("sha256", file.sha256());
        json.writeEndObject();
    }

    private void writeCsv(Recording r) throws IOException {
        List<String> v = new ArrayList<>(CsvLineParser.COLUMNS.size());
        v.add(r.id().toString());
        v.add(r.tenant());
        v.add(r.group());
        v.add(r.recordedAt().toString());
        addFile(v, r.audio());
        addFile(v, r.metadata());
        v.add(Long.toString(r.version()));
        v.add(r.updatedAt() == null ? "" : r.updatedAt().toString());
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(CsvCodec.quote(v.get(i)));
        }
        out.write("\r\n");
    }

    private static void addFile(List<String> values, FileRef file) {
        values.add(file == null ? "" : file.path().value());
        values.add(file == null ? "" : Long.toString(file.size()));
        values.add(file == null ? "" : file.sha256());
    }

    /** Flushes everything, writes the gzip trailer, closes the target. */
    @Override
    public void close() throws IOException {
        try {
            if (json != null) {
                json.close();
            }
        } finally {
            out.close();
        }
    }
}
