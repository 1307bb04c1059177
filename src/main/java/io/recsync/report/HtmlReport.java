package io.recsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.recsync.store.ConflictRecord;
import io.recsync.store.FullProofStore;
import io.recsync.store.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The HTML reports: one self-contained page each (styles, the chart library and the data inlined;
 * nothing fetched, so it opens offline from a mail attachment or a file share). Pages come from
 * Mustache templates under {@code io/recsync/report/html/}, which escape every value; chart data
 * travels as JSON inside a {@code <script type="application/json">} with {@code < > &} escaped, so
 * no recording path or reason can end the script or add markup.
 */
public final class HtmlReport {

    /** The chart library, a WebJar on the classpath (see the pom). */
    static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    private static final String TEMPLATES = "io/recsync/report/html/";
    /** Rows of a table beyond which the page says how many more there are instead of listing them. */
    static final int MAX_ROWS = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mustache.Compiler compiler = Mustache.compiler().nullValue("").zeroIsFalse(true).emptyStringIsFalse(true)
            .withLoader(name -> reader(TEMPLATES + name + ".mustache"));
    private final Instant generatedAt;

    public HtmlReport(Instant generatedAt) {
        this.generatedAt = generatedAt;
    }

    /** The page for `recsync report --run ID --html FILE`. */
    public String run(RunReportModel m) {
        RunRecord r = m.run();
        Map<String, Object> v = page("recsync run " + r.executionId() + " of " + r.job());
        v.put("run", runView(r, m.exitMeaning()));
        v.put("planNote", r.tally().planNote());
        v.put("perLink", Map.of("rows", m.perLink(), "any", !m.perLink().isEmpty()));
        v.put("perTenant", Map.of("rows", m.perTenant(), "any", !m.perTenant().isEmpty()));
        v.put("groups", Map.of("rows", m.groups(), "any", !m.groups().isEmpty()));
        v.put("failures", capped(m.failures().stream().map(f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("itemId", f.itemId());
            row.put("link", f.link());
            row.put("tenant", f.tenant());
            row.put("path", f.path());
            row.put("size", Units.bytes(f.size()));
            row.put("attempts", f.attempts());
            row.put("outcome", f.outcome());
            row.put("reason", f.reason());
            return (Object) row;
        }).toList()));
        v.put("failureCount", m.failures().size());
        v.put("conflicts", capped(m.conflictsOpened().stream().map(HtmlReport::conflictView).toList()));
        v.put("conflictCount", m.conflictsOpened().size());
        Map<String, Long> kinds = new TreeMap<>();
        m.conflictsOpened().forEach(c -> kinds.merge(c.kind(), 1L, Long::sum));
        v.put("conflictKinds", kinds.entrySet().stream().map(e -> Map.of("kind", e.getKey(), "n", e.getValue())).toList());

        List<Map<String, Object>> charts = new ArrayList<>();
        ObjectNode data = JSON.createObjectNode();
        ArrayNode specs = data.putArray("charts");
        barChart(charts, specs, "bytes-per-link", "Bytes per link", "link", m.perLink());
        barChart(charts, specs, "bytes-per-tenant", "Bytes per tenant", "tenant", m.perTenant());
        v.put("charts", charts);
        v.put("dataJson", scriptJson(data));
        return render("run", v);
    }

    /** The page for `recsync history --job FILE --html FILE`. */
    public String history(HistoryModel m) {
        Map<String, Object> v = page("recsync history" + (m.job() == null ? "" : " of " + m.job()));
        v.put("job", m.job());
        v.put("since", m.since() == null ? null : TIME.format(m.since()));
        List<RunRecord> runs = m.runsOldestFirst();
        v.put("runCount", runs.size());
        v.put("runs", m.runs().stream().map(r -> {
            Map<String, Object> row = runView(r, m.exitMeaning(r.exitCode()));
            row.put("provenInFull", m.provenInFull().get(r.executionId()));
            return (Object) row;
        }).toList());
        v.put("proofs", m.latestProofs().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", p.job());
            row.put("site", p.site());
            row.put("scope", p.scope());
            row.put("provenAt", time(p.provenAt()));
            row.put("run", p.executionId());
            row.put("kind", p.runKind() == null ? "resync" : p.runKind());
            row.put("exit", p.exitCode());
            return (Object) row;
        }).toList());

        List<Map<String, Object>> charts = new ArrayList<>();
        ObjectNode data = JSON.createObjectNode();
        ArrayNode specs = data.putArray("charts");
        List<Long> x = runs.stream().map(r -> r.startedAt().getEpochSecond()).toList();
        timeChart(charts, specs, "recordings-per-run", "Recordings per run", "count", "points", x,
                series("copied", runs.stream().map(r -> (Number) r.copied()).toList()),
                series("already present", runs.stream().map(r -> (Number) r.skipped()).toList()),
                series("failed", runs.stream().map(r -> (Number) r.failed()).toList()));
        timeChart(charts, specs, "bytes-per-run", "Bytes copied per run", "bytes", "bars", x,
                series("bytes copied", runs.stream().map(r -> (Number) r.bytesCopied()).toList()));
        timeChart(charts, specs, "duration-per-run", "Run duration", "seconds", "points", x,
                series("duration", runs.stream().map(r -> r.duration() == null ? null
                        : (Number) (r.duration().toMillis() / 1000.0)).toList()));
        List<HistoryModel.ConflictDay> days = m.conflictDays();
        timeChart(charts, specs, "conflicts-per-day", "Conflicts found and settled per day (UTC)", "count", "points",
                days.stream().map(d -> d.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toList(),
                series("found", days.stream().map(d -> (Number) d.opened()).toList()),
                series("settled", days.stream().map(d -> (Number) d.resolved()).toList()),
                series("open at day's end", days.stream().map(d -> (Number) d.openAtEnd()).toList()));
        v.put("charts", charts);

        // Backlog and lag per link: only from real snapshots; no section at all without them.
        List<Map<String, Object>> linkCharts = new ArrayList<>();
        if (!m.linkPoints().isEmpty()) {
            TreeSet<Long> times = new TreeSet<>();
            TreeSet<String> links = new TreeSet<>();
            Map<String, Map<Long, LinkPoint>> byLink = new TreeMap<>();
            for (LinkPoint p : m.linkPoints()) {
                times.add(p.at().getEpochSecond());
                links.add(p.link());
                byLink.computeIfAbsent(p.link(), k -> new TreeMap<>()).put(p.at().getEpochSecond(), p);
            }
            List<Long> lx = List.copyOf(times);
            List<ObjectNode> items = new ArrayList<>();
            List<ObjectNode> bytes = new ArrayList<>();
            List<ObjectNode> lag = new ArrayList<>();
            for (String link : links) {
                Map<Long, LinkPoint> at = byLink.get(link);
                items.add(series(link, lx.stream().map(t -> at.containsKey(t) ? (Number) at.get(t).backlogItems() : null).toList()));
                bytes.add(series(link, lx.stream().map(t -> at.containsKey(t) ? (Number) at.get(t).backlogBytes() : null).toList()));
                lag.add(series(link, lx.stream().map(t -> at.containsKey(t) ? (Number) at.get(t).lagSeconds() : null).toList()));
            }
            timeChart(linkCharts, specs, "backlog-items", "Backlog per link (recordings)", "count", "points", lx,
                    items.toArray(ObjectNode[]::new));
            timeChart(linkCharts, specs, "backlog-bytes", "Backlog per link (bytes)", "bytes", "points", lx,
                    bytes.toArray(ObjectNode[]::new));
            timeChart(linkCharts, specs, "lag", "Lag per link (age of the oldest recording not yet at the target)",
                    "seconds", "points", lx, lag.toArray(ObjectNode[]::new));
        }
        v.put("linkCharts", linkCharts);
        v.put("dataJson", scriptJson(data));
        return render("history", v);
    }

    private Map<String, Object> page(String title) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", title);
        v.put("generatedAt", time(generatedAt));
        v.put("uplotCss", resource(UPLOT + "uPlot.min.css"));
        v.put("uplotJs", scriptSafe(resource(UPLOT + "uPlot.iife.min.js")));
        v.put("reportCss", resource(TEMPLATES + "report.css"));
        v.put("reportJs", scriptSafe(resource(TEMPLATES + "report.js")));
        return v;
    }

    private static Map<String, Object> runView(RunRecord r, String exitMeaning) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.executionId());
        v.put("job", r.job());
        v.put("kind", r.kind());
        v.put("start", time(r.startedAt()));
        v.put("end", r.endedAt() == null ? "still running, or stopped without a word" : time(r.endedAt()));
        v.put("duration", Units.duration(r.duration()));
        v.put("status", r.status());
        v.put("statusClass", r.exitCode() == null ? "warn" : r.exitCode() == 0 ? "ok" : "bad");
        v.put("exit", r.exitCode() == null ? "-" : String.valueOf(r.exitCode()));
        v.put("exitMeaning", exitMeaning != null ? exitMeaning : r.exitCode() == null ? "no exit code: the run has not ended"
                : "an exit code this version of recsync does not know");
        v.put("planned", r.planned());
        v.put("copied", r.copied());
        v.put("bytes", Units.bytes(r.bytesCopied()));
        v.put("rate", Units.rate(r.bytesPerSecond()));
        v.put("skipped", r.skipped());
        v.put("failed", r.failed());
        v.put("conflicts", r.conflicts());
        v.put("message", r.message());
        return v;
    }

    private static Object conflictView(ConflictRecord c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("kind", c.kind());
        v.put("status", c.status());
        v.put("recording", c.recordingId());
        v.put("tenant", c.tenant());
        v.put("source", c.sourceSite());
        v.put("target", c.targetSite());
        v.put("path", c.targetPath() != null ? c.targetPath() : c.sourcePath());
        v.put("detail", c.detail());
        v.put("resolution", c.resolution() == null ? null : c.resolution() + " by " + c.resolvedBy());
        return v;
    }

    /** A table's rows, at most {@link #MAX_ROWS}; the template says how many more there were. */
    private static Map<String, Object> capped(List<Object> rows) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rows", rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows);
        v.put("more", rows.size() > MAX_ROWS ? rows.size() - MAX_ROWS : null);
        return v;
    }

    private static void barChart(List<Map<String, Object>> charts, ArrayNode specs, String id, String title,
            String category, List<Totals> totals) {
        ObjectNode spec = chart(charts, specs, id, title, totals.isEmpty(), "bar", "bytes");
        spec.put("category", category);
        ArrayNode labels = spec.putArray("labels");
        totals.forEach(t -> labels.add(t.name()));
        ArrayNode series = spec.putArray("series");
        // Drawn in this order: the items' whole size as a wide pale bar, what was copied over it.
        series.add(series("audio size of its items", totals.stream().map(t -> (Number) t.bytes()).toList()));
        series.add(series("bytes copied (audio and sidecars)", totals.stream().map(t -> (Number) t.bytesCopied()).toList()));
    }

    private static void timeChart(List<Map<String, Object>> charts, ArrayNode specs, String id, String title, String unit,
            String style, List<Long> x, ObjectNode... series) {
        ObjectNode spec = chart(charts, specs, id, title, x.isEmpty(), "time", unit);
        spec.put("style", style);
        ArrayNode xs = spec.putArray("x");
        x.forEach(xs::add);
        ArrayNode s = spec.putArray("series");
        for (ObjectNode one : series) {
            s.add(one);
        }
    }

    private static ObjectNode chart(List<Map<String, Object>> charts, ArrayNode specs, String id, String title,
            boolean empty, String kind, String unit) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("title", title);
        view.put("empty", empty);
        charts.add(view);
        ObjectNode spec = JSON.createObjectNode();
        if (!empty) {
            specs.add(spec);
        }
        spec.put("id", id);
        spec.put("kind", kind);
        spec.put("unit", unit);
        return spec;
    }

    private static ObjectNode series(String label, List<Number> values) {
        ObjectNode s = JSON.createObjectNode();
        s.put("label", label);
        ArrayNode v = s.putArray("values");
        for (Number n : values) {
            if (n == null) {
                v.addNull();
            } else if (n instanceof Double d) {
                v.add(d);
            } else {
                v.add(n.longValue());
            }
        }
        return s;
    }

    /** JSON to sit inside a script element: {@code <}, {@code >} and {@code &} only occur inside strings, so escape them there. */
    static String scriptJson(ObjectNode data) {
        return data.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** Inlined code must not close its script element early. */
    private static String scriptSafe(String js) {
        if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("inlined script contains </script>; it cannot be inlined as it is");
        }
        return js;
    }

    private String render(String name, Map<String, Object> view) {
        try (Reader r = reader(TEMPLATES + name + ".mustache")) {
            Template t = compiler.compile(r);
            return t.execute(view);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String time(Instant i) {
        return i == null ? null : TIME.format(i);
    }

    static String duration(Duration d) {
        return Units.duration(d);
    }

    private static Reader reader(String path) {
        InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath: the jar is incomplete; rebuild it");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static String resource(String path) {
        try (Reader r = reader(path)) {
            StringBuilder b = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0;) {
                b.append(buf, 0, n);
            }
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uplotVersion() {
        try (InputStream in = HtmlReport.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath; rebuild the jar");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
