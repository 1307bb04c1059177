package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync job end to end through the CLI, in-process, on local sites. Subclasses choose the
 * state database (H2 file, PostgreSQL); every assertion is what an operator would check.
 */
abstract class AbstractSyncIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Extra arguments naming the state database, e.g. {@code --db-url ...}; none for H2. */
    abstract List<String> dbArgs();

    CliRun cli() {
        return new CliRun(tmp.resolve("home"));
    }

    CliRun.Result run(CliRun cli, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (List.of("sync", "resync", "history", "report", "conflicts").contains(args[0])) {
            all.addAll(dbArgs());
        }
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void copiesTheArchiveVerifiedAndASecondRunCopiesNothing() throws Exception {
        CliRun cli = cli();
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 200);

        CliRun.Result first = run(cli, "sync", "--job", demo.job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        JsonNode summary = JSON.readTree(first.lastLine());
        assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.get("planned").asLong()).isEqualTo(200);
        assertThat(summary.get("copied").asLong()).isEqualTo(200);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(summary.get("conflicts").asLong()).isZero();
        long sourceBytes;
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            sourceBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(summary.get("bytesCopied").asLong()).isEqualTo(sourceBytes);
        assertThat(Trees.hashes(demo.siteB)).hasSize(400).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();
        try (Stream<Path> segments = Files.list(demo.siteB.resolve(".recsync/manifest"))) {
            assertThat(segments.filter(p -> p.toString().endsWith(".jsonl.gz")).count()).isEqualTo(1);
        }

        CliRun.Result second = run(cli, "sync", "--job", demo.job.toString(), "--json");
        assertThat(second.exit()).as(second.toString()).isZero();
        JsonNode again = JSON.readTree(second.lastLine());
        assertThat(again.get("planned").asLong()).isZero();
        assertThat(again.get("copied").asLong()).isZero();

        CliRun.Result history = run(cli, "history", "--job", "demo", "--format", "json");
        assertThat(history.exit()).isZero();
        JsonNode rows = JSON.readTree(history.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("copied").asLong()).isZero();
        assertThat(rows.get(1).get("copied").asLong()).isEqualTo(200);
        assertThat(rows.get(1).get("status").asText()).isEqualTo("COMPLETED");

        CliRun.Result report = run(cli, "report", "--run", rows.get(1).get("run").asText(), "--format", "csv");
        assertThat(report.exit()).isZero();
        assertThat(report.out().lines().filter(l -> l.contains(",DONE,COPIED,")).count()).isEqualTo(200);
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        CliRun cli = cli();
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 40);

        CliRun.Result dry = run(cli, "sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Would copy 40 item(s)").contains("would copy site-a->site-b");
        try (Stream<Path> s = Files.list(demo.siteB)) {
            assertThat(s.count()).as("site-b must stay empty after a dry run").isZero();
        }

        CliRun.Result real = run(cli, "sync", "--job", demo.job.toString(), "--json", "--verbose");
        assertThat(real.exit()).as(real.toString()).isZero();
        assertThat(JSON.readTree(real.lastLine()).get("copied").asLong()).isEqualTo(40);
    }

    @Test
    void filtersCopyExactlyTheFilteredSet() throws Exception {
        CliRun cli = cli();
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 120);

        CliRun.Result byTenant = run(cli, "sync", "--job", demo.job.toString(), "--tenant", "acme");
        assertThat(byTenant.exit()).as(byTenant.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB))
                .isNotEmpty()
                .isEqualTo(demo.sourceFiles(n -> n.get("tenant").asText().equals("acme")));

        Instant since = Instant.parse("2026-11-05T00:00:00Z");
        Instant until = Instant.parse("2026-11-15T00:00:00Z");
        CliRun.Result narrower = run(cli, "sync", "--job", demo.job.toString(), "--tenant", "globex", "--group", "sales",
                "--group", "billing", "--since", "2026-11-05", "--until", "2026-11-15");
        assertThat(narrower.exit()).as(narrower.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(demo.sourceFiles(n -> {
            String tenant = n.get("tenant").asText();
            String group = n.get("group").asText();
            Instant at = DemoSites.recordedAt(n);
            return tenant.equals("acme") || (tenant.equals("globex") && (group.equals("sales") || group.equals("billing"))
                    && !at.isBefore(since) && at.isBefore(until));
        }));

        CliRun.Result rest = run(cli, "sync", "--job", demo.job.toString());
        assertThat(rest.exit()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
    }

    @Test
    void aDifferentRecordingUnderTheSameIdIsAConflictAndTheTargetIsKept() throws Exception {
        CliRun cli = cli();
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        Path wav;
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            wav = s.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        Path rel = demo.siteA.relativize(wav);
        Path targetWav = demo.siteB.resolve(rel);
        Files.createDirectories(targetWav.getParent());
        byte[] other = Files.readAllBytes(wav);
        other[other.length - 1] ^= 0x55; // same id and sidecar, different audio
        Files.write(targetWav, other);
        String sidecar = rel.toString().replace(".wav", ".json");
        Files.copy(demo.siteA.resolve(sidecar), demo.siteB.resolve(sidecar));
        String targetSha = io.recsync.connector.Sha256.of(other);
        String sourceSha = io.recsync.connector.Sha256.of(Files.readAllBytes(wav));

        CliRun.Result r = run(cli, "sync", "--job", demo.job.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(JSON.readTree(r.lastLine()).get("conflicts").asLong()).isEqualTo(1);
        assertThat(io.recsync.connector.Sha256.of(Files.readAllBytes(targetWav))).isEqualTo(targetSha);
        assertThat(Trees.hashes(demo.siteB)).hasSize(60);

        CliRun.Result list = run(cli, "conflicts", "list", "--job", "demo", "--format", "json");
        assertThat(list.exit()).as(list.toString()).isZero();
        JsonNode conflicts = JSON.readTree(list.out());
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("kind").asText()).isEqualTo("AUDIO_DIFFERS");
        String id = conflicts.get(0).get("id").asText();
        CliRun.Result show = run(cli, "conflicts", "show", id);
        assertThat(show.out()).contains(sourceSha).contains(targetSha).contains(rel.toString().replace('\\', '/'));

        CliRun.Result again = run(cli, "sync", "--job", demo.job.toString());
        assertThat(again.exit()).as("a known conflict is not new").isZero();

        CliRun.Result resolve = run(cli, "conflicts", "resolve", id, "--keep", "target", "--note", "checked with legal", "--job",
                demo.job.toString());
        assertThat(resolve.exit()).as(resolve.toString()).isZero();
        assertThat(run(cli, "conflicts", "list", "--job", "demo").out()).contains("No open conflicts");
        assertThat(io.recsync.connector.Sha256.of(Files.readAllBytes(targetWav))).isEqualTo(targetSha);
    }
}
