package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.it.HandPickedSite.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sources hold the same recordings and the target lacks them: each is copied once, from the
 * source of best priority and, between equals, from the one that answers faster (measured through
 * the real connectors; the slow one is a local site behind the test kind {@code faulty}).
 */
class SourceChoiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Rec[] RECS = {
        new Rec(1, "acme", "support", Instant.parse("2026-11-02T10:00:00Z"), true),
        new Rec(2, "acme", "sales", Instant.parse("2026-11-10T10:00:00Z"), false),
        new Rec(3, "globex", "support", Instant.parse("2026-11-05T10:00:00Z"), true),
        new Rec(4, "globex", "billing", Instant.parse("2026-11-20T10:00:00Z"), true)};

    @TempDir
    Path tmp;

    CliRun cli;

    @BeforeEach
    void sites() throws Exception {
        // The slow site sorts first by name, so only its latency can put it second.
        HandPickedSite.write(tmp.resolve("a-slow"), RECS);
        HandPickedSite.write(tmp.resolve("b-fast"), RECS);
        Files.createDirectories(tmp.resolve("dst"));
        LocalConnectorFactory local = new LocalConnectorFactory();
        cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
    }

    private Path job(String slowPriority) throws Exception {
        Path job = tmp.resolve("job.yml");
        Files.writeString(job, "name: choice\nsites:\n"
                + HandPickedSite.site("a-slow", "{ type: faulty, fault: choice, slowStatMillis: 80, delegate: { type: local,"
                        + " root: ./a-slow } }", "    mode: ro\n" + (slowPriority == null ? "" : "    priority: " + slowPriority + "\n"))
                + HandPickedSite.site("b-fast", "{ type: local, root: ./b-fast }", "    mode: ro\n")
                + HandPickedSite.site("dst", "{ type: local, root: ./dst }", null)
                + "links:\n  - { from: a-slow, to: dst }\n  - { from: b-fast, to: dst }\n");
        return job;
    }

    /** Runs the job; returns the run report's rows, after checking each recording arrived intact exactly once. */
    private JsonNode syncAndReport(Path job) throws Exception {
        CliRun.Result run = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode summary = JSON.readTree(run.lastLine());
        assertThat(summary.get("planned").asLong()).isEqualTo(RECS.length);
        assertThat(summary.get("copied").asLong()).isEqualTo(RECS.length);
        assertThat(Trees.hashes(tmp.resolve("dst"))).isEqualTo(HandPickedSite.files(tmp.resolve("b-fast"), true, true, RECS));
        CliRun.Result report = cli.run("report", "--run", summary.get("runId").asText(), "--format", "json");
        assertThat(report.exit()).as(report.toString()).isZero();
        JsonNode rows = JSON.readTree(report.out());
        List<String> recordings = new ArrayList<>();
        rows.forEach(r -> recordings.add(r.get("recording").asText()));
        assertThat(recordings).as("each recording copied exactly once")
                .containsExactlyInAnyOrder(java.util.Arrays.stream(RECS).map(r -> r.id().toString()).toArray(String[]::new));
        return rows;
    }

    @Test
    void betweenEqualPrioritiesTheFasterSourceGivesEveryRecording() throws Exception {
        Path job = job(null);
        CliRun.Result dry = cli.run("sync", "--job", job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsSubsequence("b-fast->dst  (source priority 100, latency", "a-slow->dst  (source priority 100, latency");

        JsonNode rows = syncAndReport(job);
        rows.forEach(r -> {
            assertThat(r.get("link").asText()).isEqualTo("b-fast->dst");
            assertThat(r.get("status").asText()).isEqualTo("DONE");
        });

        CliRun.Result check = cli.run("sites", "check", "--job", job.toString(), "--format", "json");
        assertThat(check.exit()).as(check.toString()).isZero();
        JsonNode sites = JSON.readTree(check.out());
        assertThat(sites.get(0).get("site").asText()).isEqualTo("a-slow");
        assertThat(sites.get(0).get("latency_ms").asLong()).isGreaterThanOrEqualTo(80);
        assertThat(sites.get(1).get("latency_ms").asLong()).isLessThan(80);
    }

    @Test
    void priorityBeatsLatency() throws Exception {
        JsonNode rows = syncAndReport(job("1"));
        rows.forEach(r -> assertThat(r.get("link").asText()).isEqualTo("a-slow->dst"));
    }
}
