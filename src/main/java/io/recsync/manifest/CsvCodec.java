package io.recsync.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 fields of one CSV line, and quoting for writing them.
 *
 * <p>One deliberate narrowing of RFC 4180: a quoted field may not span lines. No valid manifest
 * value can hold a line break (paths, names and ids reject control characters), and allowing it
 * would let one stray quote swallow every following line into a single bad record; this way a
 * broken line is reported and the next line is read as usual.
 */
final class CsvCodec {

    private CsvCodec() {}

    /** @throws InvalidFieldException (field null) when the line is not well-formed CSV */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int opened = i + 1;
                i++;
                while (true) {
                    if (i >= n) {
                        throw malformed("the quoted field opened at column " + opened
                                + " is not closed on this line; expected a closing '\"' (fields cannot span lines)");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw malformed("unexpected " + FieldRule.shown(String.valueOf(line.charAt(i))) + " at column "
                            + (i + 1) + " after a closing quote; expected ',' or the end of the line");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i);
                    if (c == '"') {
                        throw malformed("a '\"' at column " + (i + 1)
                                + " inside an unquoted field; expected the field quoted with its quotes doubled");
                    }
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** The field as it must appear in a line: quoted when it holds a separator, quote or edge space. */
    static String quote(String value) {
        boolean needs = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '));
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static InvalidFieldException malformed(String reason) {
        return new InvalidFieldException(null, "malformed CSV: " + reason);
    }
}
