package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.recsync.connector.Sha256;
import io.recsync.peers.PromText;
import io.recsync.peers.PromText.Sample;
import io.recsync.report.RecsyncMetrics;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.StateDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 13, parts 2 and 3: `recsync status` (Nagios/Icinga plugin) and the Prometheus metrics a run
 * exports (node_exporter textfile, Pushgateway), checked against what the state says, the metrics
 * read by the Prometheus client library's parser ({@link PromText}).
 */
class MonitoringIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> LINK = Map.of("recsync_job", "demo", "link", "site-a->site-b");

    @TempDir
    Path tmp;

    CliRun cli;
    DemoSites demo;

    @BeforeEach
    void demoSites() {
        cli = new CliRun(tmp.resolve("home"));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 24);
    }

    /** The state database's arguments: none for H2 under the home; PostgresMonitoringIT gives its URL. */
    List<String> dbArgs() {
        return List.of();
    }

    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(dbArgs());
        return cli.run(all.toArray(String[]::new));
    }

    StateDatabase openState() {
        List<String> db = dbArgs();
        return StateDatabase.open(tmp.resolve("home"), db.isEmpty() ? null : db.get(1), null, null);
    }

    @Test
    void aJobThatNeverRanIsUnknownAndTheCheckSaysWhatToDo() {
        CliRun.Result r = run("status", "--job", demo.job.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).startsWith("RECSYNC UNKNOWN - job 'demo' has never run").contains("recsync sync --job");
    }

    @Test
    void aMissingJobFileABadThresholdAndAnUnknownOptionAreUnknownNotCritical() {
        CliRun.Result missing = run("status", "--job", tmp.resolve("nope.yml").toString());
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(3);
        assertThat(missing.out()).startsWith("RECSYNC UNKNOWN - ").contains("nope.yml");

        CliRun.Result badLag = run("status", "--job", demo.job.toString(), "--warn-lag", "soon");
        assertThat(badLag.exit()).as(badLag.toString()).isEqualTo(3);
        assertThat(badLag.out()).startsWith("RECSYNC UNKNOWN - --warn-lag soon");

        CliRun.Result unknownOption = run("status", "--job", demo.job.toString(), "--warn-lagg", "2h");
        assertThat(unknownOption.exit()).as(unknownOption.toString()).isEqualTo(3);
        assertThat(unknownOption.out()).startsWith("RECSYNC UNKNOWN - ").contains("--warn-lagg");

        CliRun.Result unreachable = cli.run("status", "--job", demo.job.toString(), "--db-url",
                "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
        assertThat(unreachable.out()).startsWith("RECSYNC UNKNOWN - ").contains("state database");
    }

    /**
     * A run that copied one tenant leaves the others as backlog: status and the metrics file say how
     * many, how many bytes and how old, as the state says; the thresholds give WARNING and CRITICAL;
     * the next full run brings both to zero and history keeps each run's snapshot.
     */
    @Test
    void afterAPartialRunStatusAndMetricsShowTheBacklogAndLagTheStateHolds() throws Exception {
        Path prom = tmp.resolve("textfile/recsync-demo.prom");
        CliRun.Result first = run("sync", "--job", demo.job.toString(), "--tenant", "acme", "--metrics-file", prom.toString(),
                "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        JsonNode firstRun = JSON.readTree(first.lastLine());
        List<JsonNode> owed = sidecars(n -> !n.get("tenant").asText().equals("acme"));
        long owedBytes = owed.stream().mapToLong(n -> n.get("bytes").asLong()).sum();
        Instant oldest = owed.stream().map(DemoSites::recordedAt).min(Instant::compareTo).orElseThrow();
        assertThat(owed).as("the demo has recordings of other tenants").isNotEmpty();

        // status: plugin output, no thresholds -> OK; perfdata in the plugin's format
        CliRun.Result ok = run("status", "--job", demo.job.toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
        String firstLine = ok.out().lines().findFirst().orElseThrow();
        assertThat(firstLine).startsWith("RECSYNC OK - job demo: 1 link(s), backlog " + owed.size() + ", max lag ");
        Matcher perf = Pattern.compile("\\| 'lag_site-a_site-b'=(\\d+)s;;;0 'backlog_site-a_site-b'=" + owed.size()
                + ";;;0 'backlog_bytes_site-a_site-b'=" + owedBytes + "B;;;0 'open_conflicts'=0;;;0 'last_success_age'=\\d+s;;;0$")
                .matcher(firstLine);
        assertThat(perf.find()).as(firstLine).isTrue();
        long lag = Long.parseLong(perf.group(1));
        assertThat((double) lag).isCloseTo(Duration.between(oldest, Instant.now()).toSeconds(), within(30.0));
        assertThat(ok.out().lines().skip(1).findFirst().orElseThrow()).startsWith("site-a->site-b: OK, backlog " + owed.size());

        // thresholds
        assertThat(run("status", "--job", demo.job.toString(), "--warn-lag", "1h").exit()).isEqualTo(1);
        CliRun.Result crit = run("status", "--job", demo.job.toString(), "--warn-lag", "1h", "--crit-lag", "2h");
        assertThat(crit.exit()).as(crit.toString()).isEqualTo(2);
        assertThat(crit.out()).startsWith("RECSYNC CRITICAL - ").containsPattern("'lag_site-a_site-b'=\\d+s;3600;7200;0 ")
                .contains("site-a->site-b: CRITICAL, backlog " + owed.size()).contains("lag at or over 2h");
        assertThat(run("status", "--job", demo.job.toString(), "--warn-backlog", String.valueOf(owed.size())).exit()).isEqualTo(1);
        assertThat(run("status", "--job", demo.job.toString(), "--warn-backlog", "1", "--crit-backlog",
                String.valueOf(owed.size())).exit()).isEqualTo(2);
        assertThat(run("status", "--job", demo.job.toString(), "--crit-backlog", String.valueOf(owed.size() + 1)).exit())
                .isZero();

        // status can refresh the textfile between runs: the oldest owed recording's recordedAt, for a lag that grows
        Path now = tmp.resolve("status/recsync-demo.prom");
        assertThat(run("status", "--job", demo.job.toString(), "--metrics-file", now.toString()).exit()).isZero();
        List<Sample> fromStatus = PromText.parse(now);
        assertThat(PromText.sum(fromStatus, "recsync_backlog_items", LINK)).isEqualTo(owed.size());
        assertThat(PromText.sum(fromStatus, "recsync_copied_items_total", LINK)).as("the last run's counts")
                .isEqualTo(firstRun.get("copied").asDouble());
        assertThat(fromStatus.stream().filter(x -> x.name().equals("recsync_backlog_oldest_timestamp_seconds"))
                .mapToDouble(Sample::value).filter(v -> v > 0).min().orElseThrow()).isEqualTo(oldest.getEpochSecond());

        // the same facts as JSON
        CliRun.Result json = run("status", "--job", demo.job.toString(), "--warn-lag", "1h", "--format", "json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode status = JSON.readTree(json.out());
        assertThat(status.get("state").asText()).isEqualTo("WARNING");
        JsonNode link = status.get("links").get(0);
        assertThat(link.get("backlogItems").asLong()).isEqualTo(owed.size());
        assertThat(link.get("backlogBytes").asLong()).isEqualTo(owedBytes);
        assertThat(Instant.parse(link.get("oldestRecordedAt").asText())).isEqualTo(oldest);
        assertThat(status.get("lastSuccess").get("run").asLong()).isEqualTo(firstRun.get("runId").asLong());

        // the textfile, read by the Prometheus client's parser: what the state and the run say
        List<Sample> m = PromText.parse(prom);
        assertThat(PromText.sum(m, "recsync_copied_items_total", LINK)).isEqualTo(firstRun.get("copied").asDouble());
        assertThat(PromText.sum(m, "recsync_copied_bytes_total", LINK)).isEqualTo(firstRun.get("bytesCopied").asDouble());
        assertThat(PromText.sum(m, "recsync_failed_items_total", LINK)).isZero();
        assertThat(PromText.sum(m, "recsync_backlog_items", LINK)).isEqualTo(owed.size());
        assertThat(PromText.sum(m, "recsync_backlog_bytes", LINK)).isEqualTo(owedBytes);
        assertThat(PromText.sum(m, "recsync_backlog_items", Map.of("tenant", "acme"))).isZero();
        for (Sample s : m) {
            if (s.name().equals("recsync_lag_seconds")) {
                boolean owes = PromText.sum(m, "recsync_backlog_items", Map.of("tenant", s.labels().get("tenant"))) > 0;
                assertThat(s.value()).as(s.toString()).matches(v -> owes ? v > 0 : v == 0);
            }
        }
        double maxLag = m.stream().filter(s -> s.name().equals("recsync_lag_seconds")).mapToDouble(Sample::value).max()
                .orElseThrow();
        assertThat(maxLag).isCloseTo(Duration.between(oldest, Instant.now()).toSeconds(), within(30.0));
        JsonNode ledger = JSON.readTree(run("history", "--job", "demo", "--format", "json").out()).get(0);
        assertThat(PromText.sum(m, "recsync_last_success_timestamp_seconds", Map.of("recsync_job", "demo")))
                .isCloseTo(Instant.parse(ledger.get("end").asText()).toEpochMilli() / 1000.0, within(0.001));
        assertThat(PromText.sum(m, "recsync_last_run_exit_code", Map.of("recsync_job", "demo"))).isZero();
        // Spring Batch's own observations came through the same registry
        assertThat(m).anyMatch(s -> s.name().equals("spring_batch_job_seconds_count") && s.value() == 1
                && "COMPLETED".equals(s.labels().get("spring_batch_job_status")));
        assertThat(m).anyMatch(s -> s.name().equals("spring_batch_step_seconds_count")
                && "transfer".equals(s.labels().get("spring_batch_step_name")));
        assertThat(m).anyMatch(s -> s.name().startsWith("spring_batch_chunk_write_seconds"));
        try (Stream<Path> left = Files.list(prom.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("recsync-demo.prom");
        }

        // a full run: nothing owed
        CliRun.Result second = run("sync", "--job", demo.job.toString(), "--metrics-file", prom.toString());
        assertThat(second.exit()).as(second.toString()).isZero();
        CliRun.Result clear = run("status", "--job", demo.job.toString(), "--warn-lag", "1h", "--crit-lag", "2h");
        assertThat(clear.exit()).as(clear.toString()).isZero();
        assertThat(clear.out()).contains("'lag_site-a_site-b'=0s;3600;7200;0 'backlog_site-a_site-b'=0;;;0");
        List<Sample> after = PromText.parse(prom);
        assertThat(PromText.sum(after, "recsync_backlog_items", LINK)).isZero();
        assertThat(PromText.sum(after, "recsync_lag_seconds", LINK)).isZero();
        assertThat(PromText.sum(after, "recsync_copied_items_total", LINK)).isEqualTo(owed.size());

        // history keeps each run's backlog: the charts' data
        try (StateDatabase db = openState()) {
            List<LinkBacklogStore.Snapshot> h = new LinkBacklogStore(db.jdbc(), db.dialect()).history("demo", null);
            List<LinkBacklogStore.Snapshot> totals = h.stream().filter(s -> s.backlog().tenant() == null).toList();
            assertThat(totals).hasSize(2);
            assertThat(totals.get(0).executionId()).isEqualTo(firstRun.get("runId").asLong());
            assertThat(totals.get(0).backlog().items()).isEqualTo(owed.size());
            assertThat(totals.get(0).backlog().bytes()).isEqualTo(owedBytes);
            assertThat(totals.get(0).backlog().oldest()).isEqualTo(oldest);
            assertThat(totals.get(1).backlog().items()).isZero();
            assertThat(h.stream().filter(s -> s.executionId() == totals.get(0).executionId() && s.backlog().tenant() != null)
                    .mapToLong(s -> s.backlog().items()).sum()).isEqualTo(owed.size());
        }
    }

    /** No successful run for longer than --crit-age is CRITICAL (seen from a clock two days on). */
    @Test
    void noSuccessfulRunForLongerThanCritAgeIsCritical() {
        assertThat(run("sync", "--job", demo.job.toString()).exit()).isZero();
        assertThat(run("status", "--job", demo.job.toString(), "--crit-age", "26h").exit()).isZero();
        cli.time(d -> { }, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
        CliRun.Result late = run("status", "--job", demo.job.toString(), "--crit-age", "26h");
        assertThat(late.exit()).as(late.toString()).isEqualTo(2);
        assertThat(late.out()).startsWith("RECSYNC CRITICAL - ").contains("'last_success_age'=172").contains("s;;93600;0")
                .contains("last success: CRITICAL, the last successful run ended 2d ago (--crit-age 1d2h)");
    }

    /**
     * An open conflict is a WARNING of the check and a metric by kind; and every metric name the
     * shipped alert rules and dashboard use is one a real run exports (they cannot drift apart).
     */
    @Test
    void openConflictsAreAWarningAndAMetricByKindAndTheShippedRulesUseOnlyExportedNames() throws Exception {
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        assertThat(cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString()).exit()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        String sha = JSON.readTree(lines.get(0)).get("audio").get("sha256").asText();
        lines.set(0, lines.get(0).replace(sha, Sha256.of("other bytes".getBytes(StandardCharsets.UTF_8))));
        Files.write(manifest, lines);
        Files.writeString(demo.job, Files.readString(demo.job).replaceAll(
                "(?s)manifest:\\n\\s+source: scan\\n\\s+template: \"[^\"]+\"", "manifest: { source: file, path: manifest.jsonl }"));
        Path prom = tmp.resolve("conflict.prom");
        CliRun.Result r = run("sync", "--job", demo.job.toString(), "--metrics-file", prom.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);

        CliRun.Result status = run("status", "--job", demo.job.toString());
        assertThat(status.exit()).as(status.toString()).isEqualTo(1);
        assertThat(status.out()).startsWith("RECSYNC WARNING - ").contains("'open_conflicts'=1;;;0")
                .contains("open conflicts: WARNING, 1 {SOURCE_MISMATCH=1}").contains("recsync conflicts list --job demo");

        List<Sample> m = PromText.parse(prom);
        assertThat(PromText.sum(m, "recsync_open_conflicts", Map.of("recsync_job", "demo", "kind", "SOURCE_MISMATCH")))
                .isEqualTo(1);

        Set<String> exported = new TreeSet<>();
        m.forEach(s -> exported.add(s.family()));
        m.forEach(s -> exported.add(s.name()));
        Set<String> referenced = referencedMetricNames();
        assertThat(referenced).as("the alert rules and dashboard name metrics").contains("recsync_lag_seconds",
                "recsync_last_success_timestamp_seconds", "recsync_open_conflicts");
        Set<String> service = new TreeSet<>(RecsyncMetrics.SERVICE);
        RecsyncMetrics.SERVICE.forEach(n -> service.add(n.replaceAll("_total$", "")));
        assertThat(referenced).as("the continuous service's health is alerted on").contains("recsync_service_healthy");
        assertThat(referenced.stream().filter(n -> !service.contains(n)).toList())
                .as("every metric the shipped rules and dashboard use is exported by a run (or, recsync_service_*, by a"
                        + " continuous service: ContinuousServiceIT checks those)")
                .allMatch(exported::contains);
        assertThat(RecsyncMetrics.OWN).as("RecsyncMetrics.OWN lists what a run exports")
                .allMatch(n -> exported.contains(n) || exported.contains(n.replaceAll("_total$", "")));
    }

    /** A run that fails still writes its metrics file: the exit code, and no success, for the alerts to see. */
    @Test
    void aFailedRunStillWritesItsMetricsFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dbArgs().isEmpty(), "the state database plays no part: H2 only");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        demo.rewriteJob("{ type: s3, bucket: archive, endpoint: \"http://127.0.0.1:" + closed + "\", accessKeyId:"
                + " \"${K}\", secretAccessKey: \"${S}\" }", null);
        cli.env("K", "id").env("S", "secret-value");
        Path prom = tmp.resolve("failed.prom");
        CliRun.Result r = run("sync", "--job", demo.job.toString(), "--metrics-file", prom.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        List<Sample> m = PromText.parse(prom);
        assertThat(PromText.sum(m, "recsync_last_run_exit_code", Map.of("recsync_job", "demo"))).isEqualTo(1);
        assertThat(m).noneMatch(s -> s.name().equals("recsync_last_success_timestamp_seconds"));
        assertThat(m).anyMatch(s -> s.name().equals("spring_batch_job_seconds_count")
                && "FAILED".equals(s.labels().get("spring_batch_job_status")));
        CliRun.Result status = run("status", "--job", demo.job.toString(), "--crit-age", "26h");
        assertThat(status.exit()).as(status.toString()).isEqualTo(2);
        assertThat(status.out()).contains("no run of this job has succeeded yet").contains("ended with exit 1");
    }

    /** The Pushgateway gets the run's metrics once the run ended (a PUT of the text format), parsed as Prometheus does. */
    @Test
    void aPushgatewayGetsTheRunsMetricsWhenTheRunEnds() throws Exception {
        List<String[]> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(new String[] {ex.getRequestMethod(), ex.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8)});
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            CliRun.Result r = run("sync", "--job", demo.job.toString(), "--pushgateway", url, "--json");
            assertThat(r.exit()).as(r.toString()).isZero();
            String[] put = lastPut(requests);
            assertThat(put[1]).isEqualTo("/metrics/job/recsync/recsync_job/demo");
            List<Sample> m = PromText.parse(put[2], tmp);
            assertThat(PromText.sum(m, "recsync_copied_items_total", LINK))
                    .isEqualTo(JSON.readTree(r.lastLine()).get("copied").asDouble()).isPositive();
            assertThat(PromText.sum(m, "recsync_backlog_items", LINK)).isZero();

            // the same from the job file's metrics.pushgateway
            requests.clear();
            Files.writeString(demo.job, Files.readString(demo.job) + "metrics:\n  pushgateway: " + url + "\n");
            CliRun.Result again = run("sync", "--job", demo.job.toString());
            assertThat(again.exit()).as(again.toString()).isZero();
            List<Sample> m2 = PromText.parse(lastPut(requests)[2], tmp);
            assertThat(PromText.sum(m2, "recsync_last_run_exit_code", Map.of("recsync_job", "demo"))).isZero();
            assertThat(PromText.sum(m2, "recsync_last_success_timestamp_seconds", Map.of("recsync_job", "demo"))).isPositive();
        } finally {
            server.stop(0);
        }
        // a Pushgateway that is not there does not change the run's outcome (the log line says why)
        int closed;
        try (java.net.ServerSocket sock = new java.net.ServerSocket(0)) {
            closed = sock.getLocalPort();
        }
        CliRun.Result unreachable = run("sync", "--job", demo.job.toString(), "--pushgateway", "http://127.0.0.1:" + closed);
        assertThat(unreachable.exit()).as(unreachable.toString()).isZero();

        Files.writeString(demo.job, Files.readString(demo.job).replaceAll("(?s)metrics:.*", "metrics:\n  pushgateway: pushgw:9091\n"));
        CliRun.Result bad = run("sync", "--job", demo.job.toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("metrics.pushgateway").contains("http://pushgateway.example:9091");
    }

    private static String[] lastPut(List<String[]> requests) {
        String[] put = null;
        synchronized (requests) {
            for (String[] r : requests) {
                if (r[0].equals("PUT")) {
                    put = r;
                }
            }
        }
        assertThat(put).as("a PUT reached the Pushgateway; requests: %s", requests.stream().map(r -> r[0] + " " + r[1]).toList())
                .isNotNull();
        return put;
    }

    /** Every recsync_* and spring_batch_* name in cron/prometheus/recsync-alerts.yml and cron/grafana/recsync-dashboard.json. */
    static Set<String> referencedMetricNames() throws IOException {
        Path root = Path.of(System.getProperty("user.dir"));
        List<String> exprs = new ArrayList<>();
        Map<String, Object> rules = new Yaml().load(Files.readString(root.resolve("cron/prometheus/recsync-alerts.yml")));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                exprs.add(String.valueOf(((Map<?, ?>) rule).get("expr")));
            }
        }
        JsonNode dashboard = JSON.readTree(root.resolve("cron/grafana/recsync-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        dashboard.findValues("query").forEach(e -> exprs.add(e.asText()));
        Set<String> names = new TreeSet<>();
        Pattern name = Pattern.compile("\\b(recsync_[a-z_]+|spring_batch_[a-z_]+)\\b");
        for (String e : exprs) {
            // label matchers and grouping clauses name labels, not metrics
            String metricsOnly = e.replaceAll("\\{[^}]*\\}", "").replaceAll("label_values\\(([^,]+),[^)]*\\)", "$1")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
            Matcher mm = name.matcher(metricsOnly);
            while (mm.find()) {
                names.add(mm.group(1));
            }
        }
        return names;
    }

    /** The demo's sidecars matching {@code which}, each with its recording's total bytes (audio + sidecar) as "bytes". */
    private List<JsonNode> sidecars(java.util.function.Predicate<JsonNode> which) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json"))::iterator) {
                JsonNode n = JSON.readTree(p.toFile());
                if (which.test(n)) {
                    Path wav = p.resolveSibling(p.getFileName().toString().replaceFirst("\\.json$", ".wav"));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("bytes", Files.size(p) + Files.size(wav));
                    out.add(n);
                }
            }
        }
        return out;
    }
}
