package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.peers.HeadlessChromium;
import io.recsync.sync.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `report --run ID --html` and `history --html` from real runs, opened from disk in a real browser
 * (headless Chromium): no console error, no request beyond the file itself, every chart drew, data
 * with markup in it shows as text. Screenshots are kept under the build folder's {@code browser/}.
 */
class HtmlReportIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A folder name a person could give a recording's folder; shown, never run. */
    static final String HOSTILE = "<script>window.pwned=\"a&b\"</script>";
    private static final Pattern REMOTE_REFERENCE = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");
    /** Colored pixels of a chart: series are drawn in color, axes and grid in grey. */
    private static final String CHARTS = """
            (() => [...document.querySelectorAll('figure.chart .plot')].map(p => {
              const c = p.querySelector('canvas');
              let colored = 0;
              if (c) {
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) colored++;
                }
              }
              return {id: p.id, drawn: p.getAttribute('data-drawn'), canvas: !!c, colored: colored};
            }))()""";

    @TempDir
    Path tmp;

    @Test
    void aRunsReportAndTheJobsHistoryOpenOfflineInABrowserAndDrawEveryChart() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 12);
        RunCountsIT.corruptOneManifestLine(cli, demo); // its first recording: a SOURCE_MISMATCH conflict
        String denied = hostileFolderForTheSecondRecording(demo);
        demo.rewriteJob("{ type: faulty, fault: html-report, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 5\n  parallel: 1\n  attempts: 2\n  initialBackoff: 1ms\n  maxBackoff: 2ms\n");
        FaultyConnectorFactory.fault("html-report").denyFirst(denied);

        CliRun.Result sync = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(sync.exit()).as(sync.toString()).isIn(3, 4);
        long runId = JSON.readTree(sync.lastLine()).get("runId").asLong();
        Path runHtml = tmp.resolve("out/run report.html");
        Files.createDirectories(runHtml.getParent());
        CliRun.Result report = cli.run("report", "--run", String.valueOf(runId), "--html", runHtml.toString());
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).contains("Wrote the report of run " + runId + " to " + runHtml);

        // A second run (the conflict still holds its item back), then a person settles the conflict.
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isIn(3, 4);
        JsonNode conflict = JSON.readTree(cli.run("conflicts", "list", "--format", "json").out()).get(0);
        CliRun.Result resolved = cli.run("conflicts", "resolve", conflict.get("id").asText(), "--keep", "target", "--job",
                demo.job.toString());
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        Path historyHtml = tmp.resolve("out/history.html");
        CliRun.Result history = cli.run("history", "--job", demo.job.toString(), "--since", "30d", "--html",
                historyHtml.toString());
        assertThat(history.exit()).as(history.toString()).isZero();
        assertThat(history.out()).contains("(2 run(s))");

        String runPage = Files.readString(runHtml);
        for (String page : List.of(runPage, Files.readString(historyHtml))) {
            assertThat(REMOTE_REFERENCE.matcher(page).find()).as("no src or href to anything beyond the file").isFalse();
            assertThat(page).doesNotContain("<link").doesNotContainPattern("<script[^>]*\\ssrc=");
        }
        assertThat(runPage).as("markup in a path is escaped").doesNotContain("<script>window.pwned")
                .contains("&lt;script&gt;window.pwned");

        Path shots = buildDir().resolve("browser");
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("chromium-profile")))) {
            browser.open(runHtml);
            List<String> charts = chartsDrew(browser, 2);
            browser.screenshot(shots.resolve("report-run.png"));
            assertThat(browser.evaluate("document.getElementById('exit-meaning').textContent").asText())
                    .isEqualTo(ExitCode.of(sync.exit()).meaning());
            assertThat(browser.evaluate("document.getElementById('exit-code').textContent").asText())
                    .isEqualTo(String.valueOf(sync.exit()));
            String failures = browser.evaluate("document.getElementById('failures').textContent").asText();
            assertThat(failures).as("the failure, with its reason and the path as text").contains("Failures (1)")
                    .contains("acme/" + HOSTILE + "/").contains("permission denied (injected)");
            assertThat(browser.evaluate("document.getElementById('conflicts').textContent").asText())
                    .contains("SOURCE_MISMATCH: 1");
            assertThat(browser.evaluate("typeof window.pwned").asText()).as("the path's script never ran").isEqualTo("undefined");
            assertThat(browser.evaluate("document.getElementById('per-tenant').querySelectorAll('tbody tr').length").asInt())
                    .isEqualTo(3);

            browser.open(historyHtml);
            charts.addAll(chartsDrew(browser, 4));
            browser.screenshot(shots.resolve("report-history.png"));
            assertThat(browser.evaluate("document.querySelectorAll('#runs tbody tr').length").asInt()).isEqualTo(2);
            assertThat(browser.evaluate("document.getElementById('links').textContent").asText())
                    .as("each run's backlog snapshot is drawn").doesNotContain("No backlog snapshot");

            assertThat(browser.consoleErrors()).as(browser.log()).isEmpty();
            assertThat(browser.requestedUrls()).as("only the files themselves were loaded")
                    .allMatch(u -> u.startsWith("file:") || u.startsWith("data:") || u.equals("about:blank"));
            assertThat(charts).contains("chart-bytes-per-link", "chart-bytes-per-tenant", "chart-recordings-per-run",
                    "chart-bytes-per-run", "chart-duration-per-run", "chart-conflicts-per-day",
                    // from the backlog snapshot each run took as it ended
                    "chart-backlog-items", "chart-backlog-bytes", "chart-lag");
        }
        assertThat(shots.resolve("report-run.png")).isNotEmptyFile();
    }

    @Test
    void historySinceKeepsOnlyTheRunsStartedInThatTimeInTextToo() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isZero();
        CliRun.Result recent = cli.run("history", "--job", "demo", "--since", "1d", "--format", "json");
        assertThat(JSON.readTree(recent.out())).hasSize(1);
        CliRun.Result later = cli.run("history", "--job", "demo", "--since", "2999-01-01");
        assertThat(later.exit()).as(later.toString()).isZero();
        assertThat(later.out()).contains("No runs since 2999-01-01T00:00:00Z of job 'demo'.");
        CliRun.Result bad = cli.run("history", "--since", "a month");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--since a month: expected an age such as 30d, 12h or 90m, or a date such as 2026-11-01");
    }

    /** Every drawn chart's id; fails unless at least {@code least} charts drew and each has colored pixels. */
    private static List<String> chartsDrew(HeadlessChromium browser, int least) throws Exception {
        JsonNode charts = browser.evaluate(CHARTS);
        assertThat(charts.size()).as(charts.toString()).isGreaterThanOrEqualTo(least);
        List<String> ids = new ArrayList<>();
        for (JsonNode c : charts) {
            assertThat(c.get("drawn").asText()).as(c.toString()).isEqualTo("1");
            assertThat(c.get("canvas").asBoolean()).as(c.toString()).isTrue();
            assertThat(c.get("colored").asInt()).as("series drawn in " + c).isGreaterThan(20);
            ids.add(c.get("id").asText());
        }
        return ids;
    }

    /** Moves the manifest's second recording under acme/HOSTILE/; answers its audio file's name. */
    private static String hostileFolderForTheSecondRecording(DemoSites demo) throws Exception {
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        JsonNode rec = JSON.readTree(lines.get(1));
        String line = lines.get(1);
        String audioName = null;
        for (String part : List.of("audio", "metadata")) {
            String path = rec.get(part).get("path").asText();
            String name = path.substring(path.lastIndexOf('/') + 1);
            String moved = "acme/" + HOSTILE + "/" + name;
            Files.createDirectories(demo.siteA.resolve(moved).getParent());
            Files.move(demo.siteA.resolve(path), demo.siteA.resolve(moved));
            line = line.replace("\"" + path + "\"", JSON.writeValueAsString(moved));
            if (part.equals("audio")) {
                audioName = name;
            }
        }
        lines.set(1, line);
        Files.write(manifest, lines);
        return audioName;
    }

    private static Path buildDir() throws Exception {
        return Path.of(HtmlReportIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
