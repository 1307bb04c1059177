package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link that dies at the K-th put: the run stops as failed (exit 1) with what it committed kept;
 * the next run resumes the same plan and copies only what was not committed. Counted at the
 * target: every file is put exactly once across both runs.
 */
class RestartIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aRunCutAtTheKthPutResumesAndNothingCommittedIsCopiedTwice() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 120);
        demo.rewriteJob("{ type: faulty, fault: restart-it, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 20\n  parallel: 4\n  attempts: 2\n  initialBackoff: 1ms\n  maxBackoff: 2ms\n"
                        + "  abortAfterConsecutiveFailures: 3\n");
        FaultyConnectorFactory.Fault link = FaultyConnectorFactory.fault("restart-it").downFrom(98); // put 1 is the site sentinel

        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        JsonNode first = JSON.readTree(cut.lastLine());
        assertThat(first.get("status").asText()).isEqualTo("FAILED");
        assertThat(cut.err()).contains("resumes where this stopped");
        long putsInFirstRun = link.puts.get();
        assertThat(putsInFirstRun).isEqualTo(96);
        assertThat(Trees.hashes(demo.siteB).size()).isLessThan(240);

        link.restore();
        CliRun.Result resumed = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Resumed plan");
        JsonNode second = JSON.readTree(resumed.lastLine());
        assertThat(second.get("planId").asLong()).isEqualTo(first.get("planId").asLong());

        // 120 recordings = 120 audio + 120 sidecar puts, each exactly once across both runs.
        assertThat(link.puts.get()).isEqualTo(240);
        assertThat(link.statePuts.get()).as(".recsync/site-id at first use, then by the run that completed one manifest"
                + " segment and the evidence ledger's entries and signed head (README \"Ledger\")").isEqualTo(4);
        assertThat(first.get("copied").asLong() + second.get("copied").asLong()).isEqualTo(120);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();

        // Each run's report holds its own rows: the first its copies and what it left, the second
        // only what it copied, as many as its summary says it planned.
        JsonNode firstRows = JSON.readTree(cli.run("report", "--run", first.get("runId").asText(), "--format", "json").out());
        assertThat(firstRows).hasSize(120);
        long left = 0;
        for (JsonNode row : firstRows) {
            if (row.get("status").asText().equals("LEFT")) {
                left++;
                assertThat(row.get("message").asText()).contains("run " + second.get("runId").asLong() + " finished it");
            }
        }
        assertThat(left).isEqualTo(first.get("left").asLong()).isEqualTo(second.get("planned").asLong());
        JsonNode secondRows = JSON.readTree(cli.run("report", "--run", second.get("runId").asText(), "--format", "json").out());
        assertThat(secondRows).hasSize((int) second.get("planned").asLong());
        secondRows.forEach(row -> assertThat(row.get("run").asLong()).isEqualTo(second.get("runId").asLong()));

        CliRun.Result history = cli.run("history", "--job", "demo", "--format", "json");
        JsonNode rows = JSON.readTree(history.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(rows.get(1).get("exit").asInt()).isEqualTo(1);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("COMPLETED");
    }

    /**
     * A run that copied all but one recording (its puts failed for transient reasons every time)
     * publishes the others and exits 1; the next run of the plan copies that one and publishes it,
     * and only it, although its item comes early in the plan: each segment lists exactly the copies
     * its run added, and together they list each recording once.
     */
    @Test
    void aCopyTheNextRunFinishesIsPublishedByThatRunAndOnlyOnce() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 60);
        demo.rewriteJob("{ type: faulty, fault: restart-flaky, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 10\n  parallel: 2\n  attempts: 2\n  initialBackoff: 1ms\n  maxBackoff: 2ms\n"
                        + "  abortAfterConsecutiveFailures: 3\n");
        FaultyConnectorFactory.Fault fault = FaultyConnectorFactory.fault("restart-flaky").flakyFirst(".wav");

        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        assertThat(JSON.readTree(cut.lastLine()).get("copied").asLong()).isEqualTo(59);
        String late = fault.flakyPath.get();
        assertThat(late).isNotNull();
        java.util.List<java.util.List<String>> first = segmentIds(demo);
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).hasSize(59).doesNotHaveDuplicates();

        fault.restore();
        CliRun.Result resumed = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Resumed plan");
        assertThat(JSON.readTree(resumed.lastLine()).get("copied").asLong()).isEqualTo(1);
        java.util.List<java.util.List<String>> both = segmentIds(demo);
        assertThat(both).hasSize(2).contains(first.get(0));
        java.util.List<String> second = both.get(0).equals(first.get(0)) ? both.get(1) : both.get(0);
        assertThat(second).as("the second run's segment: the one copy it made").hasSize(1);
        assertThat(late).contains(second.get(0));
        java.util.Set<String> all = new java.util.HashSet<>(first.get(0));
        all.addAll(second);
        assertThat(all).hasSize(60);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));

        CliRun.Result again = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(segmentIds(demo)).as("nothing left to publish").hasSize(2);
    }

    /** The recording ids each manifest segment at site-b lists, one list per segment. */
    static java.util.List<java.util.List<String>> segmentIds(DemoSites demo) throws Exception {
        java.util.List<java.util.List<String>> out = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(demo.siteB.resolve(".recsync/manifest"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList()) {
                try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                        new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(p)),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    java.util.List<String> ids = new java.util.ArrayList<>();
                    for (String line : r.lines().filter(l -> !l.isBlank()).toList()) {
                        ids.add(JSON.readTree(line).get("id").asText());
                    }
                    out.add(ids);
                }
            }
        }
        return out;
    }

    @Test
    void anItemFailedForGoodBeforeTheRunStoppedStillFailsTheResumedRun() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 60);
        demo.rewriteJob("{ type: faulty, fault: restart-denied, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 10\n  parallel: 2\n  attempts: 2\n  initialBackoff: 1ms\n  maxBackoff: 2ms\n"
                        + "  abortAfterConsecutiveFailures: 3\n");
        FaultyConnectorFactory.Fault fault = FaultyConnectorFactory.fault("restart-denied").denyFirst(".wav").downFrom(60);

        CliRun.Result cut = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        assertThat(fault.deniedPath.get()).isNotNull();

        fault.restore();
        CliRun.Result resumed = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(resumed.out()).contains("Resumed plan");
        assertThat(resumed.exit()).as("the recording denied before the stop is still not at the target: "
                + resumed).isEqualTo(4);
        JsonNode second = JSON.readTree(resumed.lastLine());
        // The run's own counts are its own; the failure it answers for is the plan's, and named so.
        assertThat(second.get("failed").asLong()).isZero();
        assertThat(second.get("plan").get("failedEarlier").asLong()).isEqualTo(1);
        assertThat(second.get("message").asText()).contains("1 item(s) failed in an earlier run of this plan");
        assertThat(resumed.out()).contains("of them failed in an earlier run)");
        assertThat(demo.siteB.resolve(fault.deniedPath.get())).doesNotExist();
    }
}
