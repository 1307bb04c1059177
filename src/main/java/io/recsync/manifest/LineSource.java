package io.recsync.manifest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Physical lines of a manifest, decoded strictly as UTF-8 one line at a time.
 *
 * <p>Done by hand instead of with a BufferedReader so that a bad line stays a bad line: invalid
 * UTF-8 is reported for that line (a Reader would silently turn it into U+FFFD and corrupt a
 * path), and a line without an end cannot grow the heap beyond {@link #MAX_LINE_BYTES}.
 */
final class LineSource implements Closeable {

    /** Far above any valid line (two 1024-character paths), small enough for any heap. */
    static final int MAX_LINE_BYTES = 1 << 20;

    /** One physical line: its text, or why it has none. */
    record Line(long number, String text, String error) {}

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[4096];
    private int length;
    private long number;
    private boolean end;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    LineSource(InputStream in) {
        this.in = in;
    }

    /** The last line returned (or being read when an exception was thrown). */
    long lineNumber() {
        return number;
    }

    /** The next line without its terminator ('\n' or "\r\n"), or null at the end of input. */
    Line next() throws IOException {
        if (end) {
            return null;
        }
        length = 0;
        boolean tooLong = false;
        boolean sawAny = false;
        number++;
        while (true) {
            if (position == limit && !fill()) {
                end = true;
                if (!sawAny) {
                    number--;
                    return null;
                }
                break;
            }
            byte b = buffer[position++];
            sawAny = true;
            if (b == '\n') {
                break;
            }
            if (length == MAX_LINE_BYTES) {
                tooLong = true;
            } else {
                append(b);
            }
        }
        if (tooLong) {
            return new Line(number, null, "line is longer than " + MAX_LINE_BYTES
                    + " bytes; expected one recording per line");
        }
        int start = number == 1 && hasByteOrderMark() ? 3 : 0;
        int stop = length > start && line[length - 1] == '\r' ? length - 1 : length;
        try {
            return new Line(number, decoder.decode(ByteBuffer.wrap(line, start, stop - start)).toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "line is not valid UTF-8; expected a UTF-8 text file");
        }
    }

    /** Spreadsheet exports start CSV files with one; it is not part of the first column's name. */
    private boolean hasByteOrderMark() {
        return length >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb && (line[2] & 0xff) == 0xbf;
    }

    private void append(byte b) {
        if (length == line.length) {
            byte[] bigger = new byte[Math.min(line.length * 2, MAX_LINE_BYTES)];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        line[length++] = b;
    }

    private boolean fill() throws IOException {
        int r;
        do {
            r = in.read(buffer, 0, buffer.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        position = 0;
        limit = r;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
