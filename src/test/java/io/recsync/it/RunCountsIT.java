package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary line, --json and the report count what a run did so that it adds up: every item of
 * the run's share of its plan is in exactly one count, items an open conflict holds back are
 * counted and named (and keep the run at exit 3 until a person settles them), and the duration
 * is the whole run's, start-up included.
 */
class RunCountsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aRecordingHeldByAnOpenConflictIsCountedAndNamedEveryRunUntilAPersonSettlesIt() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 6);
        String audio = corruptOneManifestLine(cli, demo);

        CliRun.Result first = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(3);
        assertThat(first.out()).contains("6 planned, 5 copied").contains(", 1 stopped by a new conflict, 1 new conflict: "
                + "SOURCE_MISMATCH [exit 3] - 1 new conflict(s): SOURCE_MISMATCH; review with");
        addsUp(JSON.readTree(first.lastLine()));

        for (int rerun = 1; rerun <= 2; rerun++) {
            CliRun.Result again = cli.run("sync", "--job", demo.job.toString(), "--json");
            assertThat(again.exit()).as("the recording is still missing at the target: a person must hear of it\n"
                    + again).isEqualTo(3);
            assertThat(again.out()).contains("1 planned, 0 copied (0 B at 0 B/s), 0 already present, 0 failed, "
                    + "1 held by an open conflict: SOURCE_MISMATCH, 0 new conflicts [exit 3] - 1 item(s) held by an open "
                    + "conflict: SOURCE_MISMATCH; review with");
            JsonNode j = JSON.readTree(again.lastLine());
            assertThat(j.get("held").asLong()).isEqualTo(1);
            assertThat(j.get("heldKinds").toString()).isEqualTo("[\"SOURCE_MISMATCH\"]");
            addsUp(j);
        }
        assertThat(demo.siteB.resolve(audio)).doesNotExist();

        JsonNode conflict = JSON.readTree(cli.run("conflicts", "list", "--format", "json").out()).get(0);
        CliRun.Result resolved = cli.run("conflicts", "resolve", conflict.get("id").asText(), "--keep", "target", "--job",
                demo.job.toString());
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        CliRun.Result settled = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(settled.exit()).as(settled.toString()).isZero();
        assertThat(settled.out()).contains("1 kept as a person decided a conflict: SOURCE_MISMATCH");
        addsUp(JSON.readTree(settled.lastLine()));
    }

    @Test
    void theDurationIsTheWholeRunsFromTheCommandsStart() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
        // As the JVM's start-up before main is: time the run spent before its job began.
        cli.commandStart(Instant.now().minusSeconds(7));
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode j = JSON.readTree(run.lastLine());
        assertThat(Duration.ofMillis(j.get("durationMs").asLong())).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(60));
        assertThat(run.out()).containsPattern("run " + j.get("runId").asLong() + " COMPLETED in (7|8|9|\\d\\d)\\.\\ds:");
        JsonNode history = JSON.readTree(cli.run("history", "--job", "demo", "--format", "json").out()).get(0);
        assertThat(Duration.between(Instant.parse(history.get("start").asText()), Instant.parse(history.get("end").asText())))
                .as("the ledger keeps the whole duration too").isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    /** Every item of the run's share in exactly one count. */
    static void addsUp(JsonNode j) {
        long sum = j.get("copied").asLong() + j.get("skipped").asLong() + j.get("failed").asLong() + j.get("held").asLong()
                + j.get("settled").asLong() + j.get("inNewConflict").asLong() + j.get("targetChanged").asLong()
                + j.get("left").asLong();
        assertThat(sum).as(j.toString()).isEqualTo(j.get("planned").asLong());
    }

    /** Makes site-a a manifest site whose first line claims other audio bytes than the file holds. */
    static String corruptOneManifestLine(CliRun cli, DemoSites demo) throws Exception {
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        CliRun.Result built = cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString());
        assertThat(built.exit()).as(built.toString()).isZero();
        List<String> lines = Files.readAllLines(manifest);
        JsonNode corrupt = JSON.readTree(lines.get(0));
        String claimed = Sha256.of("what the recorder meant to write".getBytes(StandardCharsets.UTF_8));
        lines.set(0, lines.get(0).replace(corrupt.get("audio").get("sha256").asText(), claimed));
        Files.write(manifest, lines);
        Files.writeString(demo.job, Files.readString(demo.job).replaceAll(
                "(?s)manifest:\\n\\s+source: scan\\n\\s+template: \"[^\"]+\"", "manifest: { source: file, path: manifest.jsonl }"));
        return corrupt.get("audio").get("path").asText();
    }
}
