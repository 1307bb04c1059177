package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, rough edge: the ids an operator reads are consecutive. H2 pre-allocated 32 values of
 * each sequence and lost them when the process was killed ("run 1, then run 33"), and the first
 * conflict of a fresh state was #2.
 */
class ConsecutiveIdsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theRunAfterAKilledOneHasTheNextId() throws Exception {
        Path home = tmp.resolve("home");
        CliRun cli = new CliRun(home);
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 20);
        String plain = Files.readString(demo.job);
        demo.rewriteJob("{ type: killer, haltOn: put, haltAt: 7, delegate: { type: local, root: ./site-b } }", null);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                KillChildMain.class.getName(), "sync", "--job", demo.job.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("RECSYNC_HOME", home.toString());
        Process child = pb.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(CrashIT.wavCount(demo.siteB)).as("killed mid-transfer: %s", Files.readString(tmp.resolve("child.log")))
                .isLessThan(20);

        Files.writeString(demo.job, plain);
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString());
        assertThat(next.exit()).as(next.toString()).isZero();
        CliRun.Result third = cli.run("sync", "--job", demo.job.toString());
        assertThat(third.exit()).as(third.toString()).isZero();
        JsonNode runs = JSON.readTree(cli.run("history", "--format", "json").out());
        List<Long> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.get("run").asLong()));
        assertThat(ids).as("run ids, newest first: " + runs).containsExactly(3L, 2L, 1L);
        assertThat(next.out()).contains("run 2 ");
    }

    @Test
    void theFirstConflictsOfAFreshStateAreNumberedFromOneAfterADryRun() throws Exception {
        firstConflictsAfterADryRun(new CliRun(tmp.resolve("home")));
    }

    @Test
    void theFirstConflictsOfAFreshPostgresStateAreNumberedFromOneAfterADryRun() throws Exception {
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            firstConflictsAfterADryRun(new CliRun(tmp.resolve("home")).env("RECSYNC_DB_URL", pg.getJdbcUrl("postgres", "postgres"))
                    .env("RECSYNC_DB_USER", "postgres"));
        }
    }

    void firstConflictsAfterADryRun(CliRun cli) throws Exception {
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 8);
        // A conflict found while planning (the same id with other audio at the target) ...
        Path wav;
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            wav = s.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        Path rel = demo.siteA.relativize(wav);
        Files.createDirectories(demo.siteB.resolve(rel).getParent());
        byte[] other = Files.readAllBytes(wav);
        other[other.length - 1] ^= 0x55;
        Files.write(demo.siteB.resolve(rel), other);
        String sidecar = rel.toString().replace(".wav", ".json");
        Files.copy(demo.siteA.resolve(sidecar), demo.siteB.resolve(sidecar));
        // ... and one found while copying (the source's bytes are not what its manifest says).
        RunCountsIT.corruptOneManifestLine(cli, demo);

        // An operator looks first: the dry run plans with the run's own SQL and rolls it back.
        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would open conflict");
        CliRun.Result r = cli.run("sync", "--job", demo.job.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        JsonNode conflicts = JSON.readTree(cli.run("conflicts", "list", "--format", "json").out());
        List<Long> ids = new ArrayList<>();
        conflicts.forEach(c -> ids.add(c.get("id").asLong()));
        assertThat(ids).as(conflicts.toString()).containsExactly(1L, 2L);
    }
}
