package io.recsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The bench's table: rows (one data set and situation each), each with one line per tool, the
 * first line recsync's. Every line holds the runs of one tool (medians printed); the ratio compares
 * each line with the row's recsync line.
 */
final class Table {

    /** One tool on one row. {@code files}: the files this tool copied (or looked at, on a rerun). */
    record Line(String row, String tool, long files, List<Timed> runs, List<Double> turnsPerFile, String note) {

        double wall() {
            return median(runs, Timed::seconds);
        }

        double user() {
            return median(runs, Timed::user);
        }

        double sys() {
            return median(runs, Timed::sys);
        }

        double cpu() {
            return median(runs, Timed::cpu);
        }

        double rssMiB() {
            double kib = median(runs, t -> t.peakRssKiB());
            return kib < 0 ? -1 : kib / 1024;
        }

        double cpuMsPerFile() {
            return cpu() < 0 || files == 0 ? -1 : 1000 * cpu() / files;
        }

        double turns() {
            return turnsPerFile.isEmpty() ? -1 : median(turnsPerFile, d -> d);
        }
    }

    private final Map<String, List<Line>> rows = new LinkedHashMap<>();

    void add(Line line) {
        rows.computeIfAbsent(line.row(), k -> new ArrayList<>()).add(line);
        System.out.printf(Locale.ROOT, "BENCH %s | %s: %s%n", line.row(), line.tool(), format(line, null));
    }

    static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0 || v[0] < 0) {
            return -1;
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String format(Line l, Line base) {
        String ratio = "";
        if (base != null && base != l) {
            // speed: this tool's wall time over recsync's (above 1: recsync faster); CPU: recsync's
            // CPU over this tool's (above 1: recsync spends more).
            ratio = String.format(Locale.ROOT, "speed %.2f, recsync CPU x%s", l.wall() / base.wall(),
                    base.cpu() > 0 && l.cpu() > 0 ? String.format(Locale.ROOT, "%.1f", base.cpu() / l.cpu()) : "?");
        }
        return String.format(Locale.ROOT, "%7.2f s wall %8s user %7s sys %9s ms/file %7s MiB %6s turns/file %s%s",
                l.wall(), num(l.user(), 2), num(l.sys(), 2), num(l.cpuMsPerFile(), 3), num(l.rssMiB(), 0), num(l.turns(), 1),
                ratio, l.note().isEmpty() ? "" : " (" + l.note() + ")");
    }

    private static String num(double v, int decimals) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The whole table as Markdown-ish text, each line prefixed so it can be grepped from Maven's output. */
    String render() {
        StringBuilder b = new StringBuilder();
        int rw = rows.keySet().stream().mapToInt(String::length).max().orElse(3);
        int tw = rows.values().stream().flatMap(List::stream).mapToInt(l -> l.tool().length() + 2).max().orElse(4);
        String head = String.format(Locale.ROOT, "| %-" + rw + "s | %-" + tw + "s | %4s | %8s | %8s | %8s | %9s | %8s | %6s | %7s | %6s |",
                "row", "tool", "runs", "wall s", "user s", "sys s", "CPU ms/f", "RSS MiB", "turn/f", "speed", "CPU x");
        b.append(head).append('\n').append(head.replaceAll("[^|]", "-")).append('\n');
        for (List<Line> lines : rows.values()) {
            Line base = lines.get(0);
            for (Line l : lines) {
                boolean isBase = l == base;
                b.append(String.format(Locale.ROOT, "| %-" + rw + "s | %-" + tw + "s | %4d | %8.2f | %8s | %8s | %9s | %8s | %6s | %7s | %6s |",
                        isBase ? l.row() : "", l.tool() + (l.note().isEmpty() ? "" : " *"), l.runs().size(), l.wall(),
                        num(l.user(), 2), num(l.sys(), 2), num(l.cpuMsPerFile(), 3), num(l.rssMiB(), 0), num(l.turns(), 1),
                        isBase ? "" : String.format(Locale.ROOT, "x%.2f", l.wall() / base.wall()),
                        isBase || base.cpu() <= 0 || l.cpu() <= 0 ? "" : String.format(Locale.ROOT, "%.1f", base.cpu() / l.cpu())))
                        .append('\n');
            }
        }
        return b.toString();
    }

    List<String> notes() {
        List<String> n = new ArrayList<>();
        rows.values().forEach(ls -> ls.stream().filter(l -> !l.note().isEmpty()).forEach(l -> n.add(l.tool() + ": " + l.note())));
        return n.stream().distinct().toList();
    }

    void writeJson(Path file, Map<String, Object> header) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        header.forEach((k, v) -> root.putPOJO(k, v));
        ArrayNode arr = root.putArray("rows");
        for (List<Line> lines : rows.values()) {
            Line base = lines.get(0);
            for (Line l : lines) {
                ObjectNode n = arr.addObject();
                n.put("row", l.row());
                n.put("tool", l.tool());
                n.put("note", l.note());
                n.put("files", l.files());
                n.put("wallSeconds", l.wall());
                n.put("userSeconds", l.user());
                n.put("sysSeconds", l.sys());
                n.put("cpuMsPerFile", l.cpuMsPerFile());
                n.put("peakRssMiB", l.rssMiB());
                n.put("turnsPerFile", l.turns());
                n.put("speedVsRecsync", l.wall() / base.wall());
                n.put("recsyncCpuOverThis", base.cpu() > 0 && l.cpu() > 0 ? base.cpu() / l.cpu() : -1);
                ArrayNode runs = n.putArray("runs");
                for (Timed t : l.runs()) {
                    runs.addObject().put("wall", t.seconds()).put("user", t.user()).put("sys", t.sys()).put("peakRssKiB", t.peakRssKiB());
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
