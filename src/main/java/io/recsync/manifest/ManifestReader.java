package io.recsync.manifest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a manifest one line at a time, whatever its size: only the current line is in memory.
 *
 * <p>Every non-blank line yields one entry: {@link ManifestEntry.Valid}, {@link ManifestEntry.Removed}
 * (a JSON Lines removal line) or, for a line that breaks
 * a rule, {@link ManifestEntry.Invalid} naming source, line and field; the next call reads on.
 * Damage that makes the rest unreadable (a bad CSV header, a corrupt or truncated gzip stream)
 * throws {@link ManifestException} instead, so a truncated file cannot pass as a complete one.
 * Failures of the underlying stream surface as {@link UncheckedIOException}.
 */
public final class ManifestReader implements Closeable {

    private final LineSource lines;
    private final String source;
    private final LineParser parser;

    private ManifestReader(LineSource lines, String source, LineParser parser) {
        this.lines = lines;
        this.source = source;
        this.parser = parser;
    }

    /**
     * @param source how the manifest is named in problems, e.g. {@code site-a/manifest.jsonl}
     * @throws ManifestException when {@code gzip} is set and the stream is not gzip
     */
    public static ManifestReader open(InputStream in, String source, ManifestFormat format, boolean gzip) {
        InputStream raw = in;
        if (gzip) {
            try {
                raw = new GZIPInputStream(in, 64 * 1024);
            } catch (IOException e) {
                closeQuietly(in, e);
                throw damaged(source, 0, e);
            }
        }
        LineParser parser = format == ManifestFormat.CSV ? new CsvLineParser(source) : new JsonLineParser();
        return new ManifestReader(new LineSource(raw), source, parser);
    }

    /** Opens a file, taking format and compression from its name and the path as the source. */
    public static ManifestReader open(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        ManifestFormat format = ManifestFormat.fromFileName(name);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        return open(in, file.toString(), format, ManifestFormat.isGzip(name));
    }

    /**
     * One JSON Lines manifest line on its own, checked as in a manifest file; for files that embed
     * manifest lines with fields of their own (recsync's plan files). Unknown fields are ignored.
     */
    public static ManifestEntry parseJsonLine(String text, String source, long line) {
        try {
            return new ManifestEntry.Valid(new JsonLineParser().parse(text, line), line);
        } catch (InvalidFieldException e) {
            return new ManifestEntry.Invalid(e.at(source, line));
        }
    }

    public String source() {
        return source;
    }

    /** The next entry, or null at the end of the manifest. */
    public ManifestEntry next() {
        while (true) {
            LineSource.Line line;
            try {
                line = lines.next();
            } catch (ZipException | EOFException e) {
                throw damaged(source, lines.lineNumber(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(source + ":" + lines.lineNumber() + ": cannot read: " + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            if (line.error() != null) {
                return new ManifestEntry.Invalid(new ManifestProblem(source, line.number(), null, line.error()));
            }
            if (line.text().isBlank()) {
                continue;
            }
            try {
                ManifestEntry entry = parser.entry(line.text(), line.number());
                if (entry != null) {
                    return entry;
                }
            } catch (InvalidFieldException e) {
                return new ManifestEntry.Invalid(e.at(source, line.number()));
            }
        }
    }

    private static ManifestException damaged(String source, long line, IOException e) {
        String what = e instanceof EOFException
                ? "the gzip stream ends early (truncated file?)"
                : "not a valid gzip stream (" + e.getMessage() + ")";
        return new ManifestException(new ManifestProblem(source, line, null,
                what + "; expected a complete gzip file, or a name without .gz for plain text"), e);
    }

    private static void closeQuietly(InputStream in, IOException cause) {
        try {
            in.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
