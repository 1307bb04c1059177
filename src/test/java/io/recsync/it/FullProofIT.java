package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `resync` repairs the damage it exists for (issue 11, defects 8 and 9): a target whose sidecar,
 * audio or bytes were lost or changed by hand after recsync placed them, and a file there that
 * recsync never placed. Each is repaired or reported as what it is; `history` says when the target
 * was last proven in full.
 */
class FullProofIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void resyncRepairsLostFilesReportsAnAlteredCopyAndAStrayFileAndHistoryShowsTheProof() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        CliRun.Result first = cli.run("sync", "--job", demo.job.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        Map<String, String> source = Trees.hashes(demo.siteA);
        List<String> wavs = wavs(demo.siteB);

        String noSidecar = wavs.get(0).replace(".wav", ".json");
        Files.delete(demo.siteB.resolve(noSidecar));
        String noAudio = wavs.get(1);
        Files.delete(demo.siteB.resolve(noAudio));
        String altered = wavs.get(2);
        byte[] bytes = Files.readAllBytes(demo.siteB.resolve(altered));
        bytes[bytes.length - 1] ^= 0x5a;
        Files.write(demo.siteB.resolve(altered), bytes);
        String alteredSha = Trees.hashes(demo.siteB).get(altered);
        Path stray = demo.siteB.resolve("acme/unknown/stray-recording.wav");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "not a recording recsync ever placed");

        CliRun.Result resync = cli.run("resync", "--job", demo.job.toString(), "--json");
        assertThat(resync.exit()).as("a new conflict (the altered copy) and nothing else wrong: " + resync).isEqualTo(3);
        JsonNode summary = JSON.readTree(resync.lastLine());
        assertThat(summary.get("copied").asLong()).as(resync.toString()).isEqualTo(2);
        assertThat(summary.get("failed").asLong()).isZero();
        Map<String, String> target = Trees.hashes(demo.siteB);
        assertThat(target.get(noSidecar)).as("the lost sidecar is restored").isEqualTo(source.get(noSidecar));
        assertThat(target.get(noAudio)).as("the lost audio is restored").isEqualTo(source.get(noAudio));
        assertThat(target.get(altered)).as("an altered copy is never overwritten").isEqualTo(alteredSha);
        assertThat(stray).as("a file recsync did not place is left alone").exists();
        assertThat(resync.err()).contains("acme/unknown/stray-recording.wav").contains("did not place");
        assertThat(resync.out() + resync.err()).doesNotContain("invalid manifest line");

        JsonNode conflicts = JSON.readTree(cli.run("conflicts", "list", "--job", "demo", "--format", "json").out());
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("kind").asText()).isEqualTo("COPY_ALTERED");
        assertThat(conflicts.get(0).get("path").asText()).isEqualTo(altered);

        CliRun.Result history = cli.run("history");
        assertThat(history.out()).containsPattern("site-b last proven in full: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ "
                + "by run \\d+ \\(resync, exit 3\\)");
        JsonNode runs = JSON.readTree(cli.run("history", "--format", "json").out());
        assertThat(runs.get(0).get("kind").asText()).isEqualTo("resync");
        assertThat(runs.get(0).get("provenInFull").asText()).isEqualTo("site-b");
        assertThat(runs.get(1).get("provenInFull").isNull() || runs.get(1).get("provenInFull").asText().isEmpty()).isTrue();

        CliRun.Result again = cli.run("resync", "--job", demo.job.toString(), "--json");
        assertThat(again.exit()).as("nothing new: the altered copy is on record " + again).isZero();
        assertThat(JSON.readTree(again.lastLine()).get("copied").asLong()).isZero();

        CliRun.Result resolved = cli.run("conflicts", "resolve", conflicts.get(0).get("id").asText(), "--keep", "source",
                "--job", demo.job.toString());
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB).get(altered)).as("the verified version is back").isEqualTo(source.get(altered));
        CliRun.Result after = cli.run("resync", "--job", demo.job.toString(), "--json");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(JSON.readTree(cli.run("conflicts", "list", "--job", "demo", "--status", "open", "--format", "json")
                .out())).isEmpty();
    }

    @Test
    void resyncOfOneTenantRestoresItsLostSidecar() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isZero();
        Map<String, String> source = Trees.hashes(demo.siteA);
        String sidecar = wavs(demo.siteB).stream().filter(p -> p.startsWith("acme/")).findFirst().orElseThrow()
                .replace(".wav", ".json");
        Files.delete(demo.siteB.resolve(sidecar));

        CliRun.Result resync = cli.run("resync", "--job", demo.job.toString(), "--tenant", "acme", "--json");
        assertThat(resync.exit()).as(resync.toString()).isZero();
        assertThat(JSON.readTree(resync.lastLine()).get("copied").asLong()).isEqualTo(1);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(source);
        assertThat(cli.run("history").out()).contains("site-b last proven in full for tenants=acme:");
    }

    @Test
    void aFreshStateDatabaseStillKnowsWhatRecsyncPlacedFromItsSegmentsOnTheTarget() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 12);
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isZero();
        Map<String, String> source = Trees.hashes(demo.siteA);
        String sidecar = wavs(demo.siteB).get(0).replace(".wav", ".json");
        Files.delete(demo.siteB.resolve(sidecar));

        CliRun fresh = new CliRun(tmp.resolve("new-home")); // the state database was lost
        CliRun.Result resync = fresh.run("resync", "--job", demo.job.toString(), "--json");
        assertThat(resync.exit()).as(resync.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(source);
    }

    private static List<String> wavs(Path site) throws Exception {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(p -> p.toString().endsWith(".wav")).map(p -> site.relativize(p).toString()).sorted().toList();
        }
    }
}
