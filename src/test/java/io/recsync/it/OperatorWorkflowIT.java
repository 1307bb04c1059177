package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does besides the nightly run: demo, resync, manifests, bad input. */
class OperatorWorkflowIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void demoTwiceCopiesEverythingOnceAndPrintsTheHistory() {
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result first = cli.run("demo", "--dir", tmp.resolve("demo").toString(), "--recordings", "25");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("25 planned, 25 copied").contains("History of job 'demo'").contains("COMPLETED");
        CliRun.Result second = cli.run("demo", "--dir", tmp.resolve("demo").toString(), "--recordings", "25");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("0 planned, 0 copied");
        assertThat(Trees.hashes(tmp.resolve("demo/site-b"))).isEqualTo(Trees.hashes(tmp.resolve("demo/site-a")));
    }

    @Test
    void aDemoDirectoryDeletedAndMadeAgainIsANewDemoNotAnUnmountedSite() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        assertThat(cli.run("demo", "--dir", tmp.resolve("demo").toString(), "--recordings", "20").exit()).isZero();
        try (java.util.stream.Stream<Path> s = Files.walk(tmp.resolve("demo"))) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        CliRun.Result again = cli.run("demo", "--dir", tmp.resolve("demo").toString(), "--recordings", "10");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("10 planned, 10 copied");
        assertThat(Trees.hashes(tmp.resolve("demo/site-b"))).hasSize(20).isEqualTo(Trees.hashes(tmp.resolve("demo/site-a")));
    }

    @Test
    void aNewTargetThatAlreadyHoldsRecordingsGetsOnlyWhatItLacks() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 40);
        List<Path> wavs;
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            wavs = s.filter(p -> p.toString().endsWith(".wav")).sorted().limit(15).toList();
        }
        for (Path wav : wavs) {
            for (String ext : List.of(".wav", ".json")) {
                Path rel = demo.siteA.relativize(Path.of(wav.toString().replace(".wav", ext)));
                Files.createDirectories(demo.siteB.resolve(rel).getParent());
                Files.copy(demo.siteA.resolve(rel), demo.siteB.resolve(rel));
            }
        }
        CliRun.Result r = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.lastLine());
        assertThat(j.get("planned").asLong()).isEqualTo(25);
        assertThat(j.get("copied").asLong()).isEqualTo(25);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
    }

    @Test
    void resyncFindsFilesLostAtATargetThatANightlySyncTrustsToBeThere() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 30);
        assertThat(cli.run("sync", "--job", demo.job.toString()).exit()).isZero();
        Path lost;
        try (Stream<Path> s = Files.walk(demo.siteB)) {
            lost = s.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(lost);
        Files.delete(lost); // a restore from backup that missed a file, a person's mistake

        CliRun.Result nightly = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(JSON.readTree(nightly.lastLine()).get("planned").asLong()).as("the index still lists it").isZero();
        assertThat(lost).doesNotExist();

        CliRun.Result resync = cli.run("resync", "--job", demo.job.toString(), "--json");
        assertThat(resync.exit()).as(resync.toString()).isZero();
        JsonNode j = JSON.readTree(resync.lastLine());
        assertThat(j.get("copied").asLong()).isEqualTo(1);
        assertThat(Files.readAllBytes(lost)).isEqualTo(original);
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
        JsonNode history = JSON.readTree(cli.run("history", "--format", "json").out());
        assertThat(history.get(0).get("kind").asText()).isEqualTo("resync");
    }

    @Test
    void invalidManifestLinesStopTheRunUnlessSkippedAndEachSkippedLineIsReported() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 12);
        // Give site-a a recorder's manifest instead of a scan: build it, then break two lines.
        Path manifest = tmp.resolve("site-a.jsonl");
        CliRun.Result build = cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString());
        assertThat(build.exit()).as(build.toString()).isZero();
        assertThat(build.out()).contains("12 recordings");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        assertThat(lines).hasSize(12);
        lines.set(3, lines.get(3).replaceFirst("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"not-a-checksum\""));
        lines.set(7, lines.get(7).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"12345\""));
        Files.write(demo.siteA.resolve("recorder-manifest.jsonl"), lines);
        // A second job over the same sites whose source site-a reads that manifest.
        Path job = demo.dir.resolve("from-manifest.yml");
        Files.writeString(job, Files.readString(demo.job).replace("name: demo", "name: from-manifest").replaceAll("(?s)manifest:\\s*\\n\\s*source: scan\\s*\\n\\s*template: \"[^\"]*\"",
                "manifest:\n      source: file\n      path: recorder-manifest.jsonl"));

        CliRun.Result validate = cli.run("manifest", "validate", demo.siteA.resolve("recorder-manifest.jsonl").toString());
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.out()).contains("recorder-manifest.jsonl:4: field 'audio.sha256'")
                .contains("recorder-manifest.jsonl:8: field 'id'").contains("12 lines, 10 valid, 2 invalid");

        CliRun.Result stopped = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(2);
        assertThat(stopped.out()).contains("2 invalid manifest line(s)").contains("recorder-manifest.jsonl:4");
        assertThat(Trees.hashes(demo.siteB)).as("nothing copied from a manifest with bad lines").isEmpty();

        CliRun.Result skipped = cli.run("sync", "--job", job.toString(), "--skip-invalid", "--json");
        assertThat(skipped.exit()).as(skipped.toString()).isZero();
        assertThat(JSON.readTree(skipped.lastLine()).get("copied").asLong()).isEqualTo(10);
        assertThat(skipped.err()).contains("skipped invalid entry: site-a:recorder-manifest.jsonl:4: field 'audio.sha256'")
                .contains("skipped invalid entry: site-a:recorder-manifest.jsonl:8: field 'id'");
        Map<String, String> target = Trees.hashes(demo.siteB);
        assertThat(target).hasSize(20);
        Map<String, String> source = Trees.hashes(demo.siteA);
        target.forEach((path, sha) -> assertThat(source.get(path)).isEqualTo(sha));
    }

    @Test
    void configurationErrorsNameTheFileLineAndFieldAndExit2() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
        Files.writeString(demo.job, Files.readString(demo.job).replace("  parallel: 4", "  paralel: 4"));
        CliRun.Result typo = cli.run("sync", "--job", demo.job.toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("job.yml:").contains("field 'transfer.paralel' is not a known field; did you mean 'parallel'?");

        CliRun.Result missing = cli.run("sync", "--job", tmp.resolve("nope.yml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yml: no such file; check --job");

        CliRun.Result usage = cli.run("sync");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--job");
        assertThat(Trees.hashes(demo.siteB)).isEmpty();

        CliRun.Result quiet = cli.run("sync", "--job", demo.job.toString(), "--quiet");
        assertThat(quiet.exit()).isEqualTo(2);
        assertThat(quiet.out()).as("--quiet prints nothing on stdout").isEmpty();
    }

    @Test
    void sitesCheckProbesWritableSitesListsReadOnlyOnesAndFailsOnAnUnreachableOne() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 2);
        CliRun.Result ok = cli.run("sites", "check", "--job", demo.job.toString(), "--format", "json");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        JsonNode rows = JSON.readTree(ok.out());
        assertThat(rows.get(0).get("checked").asText()).isEqualTo("list (read-only: not written)");
        assertThat(rows.get(1).get("checked").asText()).isEqualTo("list, write, refuse to replace, read back, delete");
        try (Stream<Path> s = Files.walk(demo.siteB)) {
            assertThat(s.filter(Files::isRegularFile).count()).as("the probe is deleted again").isZero();
        }

        try (Stream<Path> s = Files.walk(demo.siteB)) { // the NAS is not mounted
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        // Exit 2, as the run that meets it ends: a root to mount or create, not a link to wait for.
        CliRun.Result down = cli.run("sites", "check", "--job", demo.job.toString());
        CliRun.Result sync = cli.run("sync", "--job", demo.job.toString());
        assertThat(down.exit()).as(down.toString()).isEqualTo(2);
        assertThat(down.out()).contains("site-b").contains("FAILED").contains("connect failed")
                .contains("is not a directory");
        assertThat(sync.exit()).as(sync.toString()).isEqualTo(2);
        assertThat(sync.toString()).contains("is not a directory");
    }
}
