package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rails that stop a run from acting on the wrong storage: a target whose root lost its
 * .recsync/site-id (an unmounted NAS), one holding another site's id, and a source that shrank.
 * Each refusal exits 6, names the site, copies nothing, and --force gets past it.
 */
class SafetyRailsIT {

    @TempDir
    Path tmp;
    CliRun cli;
    DemoSites demo;

    @BeforeEach
    void firstRunWritesTheSentinels() {
        cli = new CliRun(tmp.resolve("home"));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 40);
        CliRun.Result first = cli.run("sync", "--job", demo.job.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(demo.siteA.resolve(".recsync")).as("site-a is read-only: never written").doesNotExist();
        assertThat(demo.siteB.resolve(".recsync/site-id")).isRegularFile();
    }

    @Test
    void aTargetThatLostItsSentinelLooksUnmountedAndIsRefusedUntilForced() throws Exception {
        emptyDirectory(demo.siteB); // the NAS is not mounted: the mount point is an empty directory

        CliRun.Result refused = cli.run("sync", "--job", demo.job.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.out() + refused.err()).contains("site 'site-b'").contains("lacks .recsync/site-id")
                .contains("--force").contains("Nothing was copied");
        CliRun.Result dry = cli.run("sync", "--job", demo.job.toString(), "--dry-run");
        assertThat(dry.exit()).as("a dry run is refused the same way: " + dry).isEqualTo(6);
        assertThat(dry.err()).contains("lacks .recsync/site-id").doesNotContain("caused by");
        assertThat(files(demo.siteB)).as("nothing written into the bare mount point").isEmpty();

        CliRun.Result forced = cli.run("sync", "--job", demo.job.toString(), "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(demo.siteB.resolve(".recsync/site-id")).isRegularFile();
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).as("the new sentinel is remembered").isZero();
    }

    @Test
    void aTargetHoldingAnotherSitesIdIsRefused() throws Exception {
        Files.writeString(demo.siteB.resolve(".recsync/site-id"), UUID.randomUUID() + "\n");
        CliRun.Result refused = cli.run("sync", "--job", demo.job.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.out() + refused.err()).contains("site 'site-b'").contains("a different archive");
    }

    @Test
    void aSourceThatShrankByMoreThanTenPercentIsRefusedAndTwoPercentIsNot() throws Exception {
        List<Path> sidecars = sidecars(demo.siteA);
        Files.delete(sidecars.get(0));
        Files.delete(audioOf(sidecars.get(0))); // 1 of 40: 2.5%
        CliRun.Result small = cli.run("sync", "--job", demo.job.toString());
        assertThat(small.exit()).as(small.toString()).isZero();

        for (Path sidecar : sidecars.subList(1, 8)) { // 7 of 39: 18%
            Files.delete(sidecar);
            Files.delete(audioOf(sidecar));
        }
        CliRun.Result refused = cli.run("sync", "--job", demo.job.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.out() + refused.err()).contains("site 'site-a'").contains("now holds 32 recordings, 39 at its last scan");

        assertThat(cli.run("sync", "--job", demo.job.toString(), "--force").exit()).isZero();
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).as("32 is the new baseline").isZero();
    }

    @Test
    void aRecordersManifestThatShrankByMoreThanTenPercentIsRefused() throws Exception {
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        CliRun.Result built = cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString());
        assertThat(built.exit()).as(built.toString()).isZero();
        Files.writeString(demo.job, Files.readString(demo.job).replaceAll(
                "(?s)manifest:\\n\\s+source: scan\\n\\s+template: \"[^\"]+\"", "manifest: { source: file, path: manifest.jsonl }"));
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isZero();

        List<String> lines = Files.readAllLines(manifest);
        Files.write(manifest, lines.subList(0, 30)); // the recorder rewrote it with 30 of its 40 lines
        CliRun.Result refused = cli.run("sync", "--job", demo.job.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.out() + refused.err()).contains("site 'site-a'").contains("manifest.jsonl")
                .contains("now lists 30 recordings, 40 when last read");
        assertThat(cli.run("sync", "--job", demo.job.toString(), "--force").exit()).isZero();
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).as("30 is the new baseline").isZero();
    }

    @Test
    void aDryRunWritesNoSentinelIntoANewSite() throws Exception {
        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        Path job = tmp.resolve("fresh.yml");
        Files.writeString(job, Files.readString(demo.job).replace("name: demo", "name: fresh")
                .replace("root: ./site-b", "root: " + fresh).replace("root: ./site-a", "root: " + demo.siteA));
        CliRun.Result dry = cli.run("sync", "--job", job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(files(fresh)).isEmpty();
    }

    private static List<Path> sidecars(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains(".recsync")).sorted().toList();
        }
    }

    private static Path audioOf(Path sidecar) {
        String name = sidecar.getFileName().toString();
        return sidecar.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".wav");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static void emptyDirectory(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        }
    }
}
