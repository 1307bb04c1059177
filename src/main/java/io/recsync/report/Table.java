package io.recsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows under named columns, printed as an aligned text table, RFC 4180 CSV, or a JSON array of
 * objects. Every report goes through here, so the three formats always carry the same fields.
 */
public final class Table {

    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String... columns) {
        this.columns = List.of(columns);
    }

    public Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        rows.add(java.util.Arrays.asList(values));
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintStream out, Format format) {
        switch (format) {
            case TABLE -> printText(out);
            case CSV -> printCsv(out);
            case JSON -> printJson(out);
        }
    }

    private void printText(PrintStream out) {
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            for (List<Object> r : rows) {
                width[c] = Math.max(width[c], text(r.get(c)).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            header.append(pad(columns.get(c), width[c], c == columns.size() - 1));
            rule.append("-".repeat(width[c])).append(c == columns.size() - 1 ? "" : "  ");
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<Object> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns.size(); c++) {
                line.append(pad(text(r.get(c)), width[c], c == columns.size() - 1));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private void printCsv(PrintStream out) {
        out.println(String.join(",", columns.stream().map(Table::csv).toList()));
        for (List<Object> r : rows) {
            out.println(String.join(",", r.stream().map(v -> csv(v == null ? "" : String.valueOf(v))).toList()));
        }
    }

    private void printJson(PrintStream out) {
        out.println(toJson().toPrettyString());
    }

    /** The rows as a JSON array of objects, for a command that prints several tables as one JSON document. */
    public ArrayNode toJson() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (List<Object> r : rows) {
            ObjectNode o = array.addObject();
            for (int c = 0; c < columns.size(); c++) {
                Object v = r.get(c);
                String key = columns.get(c);
                if (v == null) {
                    o.putNull(key);
                } else if (v instanceof Long || v instanceof Integer) {
                    o.put(key, ((Number) v).longValue());
                } else if (v instanceof Double d) {
                    o.put(key, d);
                } else {
                    o.put(key, String.valueOf(v));
                }
            }
        }
        return array;
    }

    private static String text(Object v) {
        return v == null ? "-" : String.valueOf(v);
    }

    private static String pad(String s, int w, boolean last) {
        return last ? s : s + " ".repeat(w - s.length() + 2);
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
