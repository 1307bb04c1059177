package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the CLI: a `topology: mesh` job converges in one run and never writes its read-only
 * site; `--schedule` takes only the links of its class; `jobs show` prints the expanded links.
 */
class TopologyIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A few tiny recordings (audio + sidecar) of their own, from {@code seed}. */
    private static void archive(Path root, long seed, int count) {
        new ArchiveGenerator(seed, 0.05, 0.1).generate(root, count);
    }

    private static String site(String name, String extra) {
        return "  " + name + ":\n    connector: { type: local, root: ./" + name + " }\n"
                + "    manifest: { source: scan, template: \"" + ArchiveGenerator.TEMPLATE + "\" }\n" + extra;
    }

    private Path meshJob() throws Exception {
        archive(tmp.resolve("a"), 11, 4);
        archive(tmp.resolve("b"), 12, 3);
        Files.createDirectories(tmp.resolve("c"));
        archive(tmp.resolve("ro"), 14, 2);
        Path job = tmp.resolve("mesh.yml");
        Files.writeString(job, "name: mesh\nsites:\n" + site("a", "") + site("b", "") + site("c", "")
                + site("ro", "    mode: ro\n") + "topology: mesh\ntransfer: { chunkSize: 20, parallel: 2 }\n");
        return job;
    }

    private static JsonNode json(CliRun.Result r) throws Exception {
        return JSON.readTree(r.lastLine());
    }

    @Test
    void aMeshConvergesInOneRunAndLeavesItsReadOnlySiteUntouched() throws Exception {
        Path job = meshJob();
        Map<String, String> union = new TreeMap<>();
        for (String s : new String[] {"a", "b", "c", "ro"}) {
            union.putAll(Trees.hashes(tmp.resolve(s)));
        }
        assertThat(union).hasSize(2 * (4 + 3 + 2));
        Map<String, String> readOnlyBefore = Trees.hashes(tmp.resolve("ro"));
        CliRun cli = new CliRun(tmp.resolve("home"));

        CliRun.Result dry = cli.run("sync", "--job", job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).as("the expanded links, one line each, before what they would copy")
                .contains("  link a->b  a -> b  schedule -  filter all  (topology)")
                .contains("  link ro->c  ro -> c  schedule -  filter all  (topology)")
                .doesNotContain("->ro");
        assertThat(dry.out().lines().filter(l -> l.startsWith("  link ")).count()).isEqualTo(9);
        assertThat(dry.out().indexOf("  link ")).isLessThan(dry.out().indexOf("would copy"));

        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        // Each recording is copied to each writable site lacking it once: a's 4 to b, c; b's 3 to a, c; ro's 2 to a, b, c.
        assertThat(json(first).get("copied").asLong()).isEqualTo(4 * 2 + 3 * 2 + 2 * 3);
        for (String s : new String[] {"a", "b", "c"}) {
            assertThat(Trees.hashes(tmp.resolve(s))).as("site " + s + " holds the union").isEqualTo(union);
        }
        assertThat(Trees.hashes(tmp.resolve("ro"))).as("the read-only site is a source only").isEqualTo(readOnlyBefore);
        assertThat(tmp.resolve("ro/.recsync")).as("no sentinel or manifest is written at a read-only site").doesNotExist();
        assertThat(tmp.resolve("c/.recsync/site-id")).exists();

        CliRun.Result second = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(json(second).get("planned").asLong()).as("converged: nothing to plan").isZero();
        assertThat(json(second).get("copied").asLong()).isZero();
    }

    @Test
    void jobsShowPrintsTheSitesAndTheExpandedLinks() throws Exception {
        Path job = meshJob();
        Files.writeString(job, Files.readString(job) + "links:\n  - { from: a, to: b, schedule: hourly, filter: { content: [metadata] } }\n");
        CliRun cli = new CliRun(tmp.resolve("home"));

        CliRun.Result table = cli.run("jobs", "show", job.toString());
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains("Job 'mesh'").contains("Links (10):");
        assertThat(table.out().lines().map(String::stripTrailing).toList()).contains(
                "site  kind   mode  priority",
                "ro    local  ro    100",
                "a->b         a     b   -         all               topology",
                "a->b@hourly  a     b   hourly    content=metadata  links[0]");

        CliRun.Result asJson = cli.run("jobs", "show", job.toString(), "--format", "json");
        assertThat(asJson.exit()).as(asJson.toString()).isZero();
        JsonNode doc = JSON.readTree(asJson.out());
        assertThat(doc.get("job").asText()).isEqualTo("mesh");
        assertThat(doc.get("sites")).hasSize(4);
        assertThat(doc.get("links")).hasSize(10);
        Map<String, String> origins = new TreeMap<>();
        doc.get("links").forEach(l -> origins.put(l.get("link").asText(), l.get("origin").asText() + " " + l.get("schedule").asText()));
        assertThat(origins).containsEntry("a->b@hourly", "links[0] hourly").containsEntry("a->b", "topology -")
                .doesNotContainKey("a->ro");
        assertThat(tmp.resolve("home")).as("jobs show opens no state").doesNotExist();

        Files.writeString(job, Files.readString(job).replace("topology: mesh", "topology: star"));
        CliRun.Result bad = cli.run("jobs", "show", job.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("mesh.yml:").contains("field 'topology' must be one of mesh, two-way, hub, got 'star'");
    }

    @Test
    void jobsShowPrintsTheWorkersBlockWhenTheJobHasOne() throws Exception {
        Path job = meshJob();
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result none = cli.run("jobs", "show", job.toString());
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(none.out()).doesNotContain("Workers");

        String plain = Files.readString(job);
        Files.writeString(job, plain + "workers:\n  enabled: true\n  partitionSize: 250\n  heartbeatLimit: 2m\n");
        CliRun.Result table = cli.run("jobs", "show", job.toString());
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains("Workers (the transfer step's partitions; see the README's \"Scaling out\"):");
        assertThat(table.out().lines().map(String::stripTrailing).toList())
                .contains("enabled  partitionSize  heartbeatLimit", "true     250            2m00s");
        JsonNode workers = JSON.readTree(cli.run("jobs", "show", job.toString(), "--format", "json").out()).get("workers");
        assertThat(workers.get("partitionSize").asLong()).isEqualTo(250);
        assertThat(workers.get("heartbeatLimit").asText()).isEqualTo("2m00s");
        assertThat(workers.get("enabled").asText()).isEqualTo("true");

        // Without heartbeatLimit: the limit in force, derived from the chunk size, and said to be so.
        Files.writeString(job, plain + "workers:\n  enabled: true\n");
        CliRun.Result derived = cli.run("jobs", "show", job.toString());
        assertThat(derived.out()).as(derived.toString()).containsPattern("true\\s+500\\s+\\d+m\\d\\ds \\(default: 60s \\+ 2s x chunkSize \\d+\\)");
    }

    /** hq holds recordings; dr gets audio from a continuous link and sidecars from an hourly one. */
    private Path scheduledJob() throws Exception {
        archive(tmp.resolve("hq"), 21, 5);
        Files.createDirectories(tmp.resolve("dr"));
        Path job = tmp.resolve("split.yml");
        Files.writeString(job, "name: split\nsites:\n" + site("hq", "") + site("dr", "") + """
                links:
                  - { from: hq, to: dr, schedule: continuous, filter: { content: [audio] } }
                  - { from: hq, to: dr, schedule: hourly, filter: { content: [metadata] } }
                """);
        return job;
    }

    private Map<String, String> hq(String ext) {
        return Trees.hashes(tmp.resolve("hq")).entrySet().stream().filter(e -> e.getKey().endsWith(ext))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
    }

    @Test
    void aScheduledRunTakesOnlyTheLinksOfItsClass() throws Exception {
        Path job = scheduledJob();
        CliRun cli = new CliRun(tmp.resolve("home"));

        CliRun.Result none = cli.run("sync", "--job", job.toString(), "--schedule", "nightly");
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("--schedule nightly selects no link of job 'split'");
        CliRun.Result typo = cli.run("sync", "--job", job.toString(), "--schedule", "hourlly");
        assertThat(typo.exit()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.err()).contains("--schedule must be one of continuous, hourly, nightly, got 'hourlly'");
        assertThat(Trees.hashes(tmp.resolve("dr"))).isEmpty();

        CliRun.Result audio = cli.run("sync", "--job", job.toString(), "--schedule", "continuous", "--json");
        assertThat(audio.exit()).as(audio.toString()).isZero();
        assertThat(Trees.hashes(tmp.resolve("dr"))).as("the continuous link copies audio only").isEqualTo(hq(".wav"));

        CliRun.Result meta = cli.run("resync", "--job", job.toString(), "--schedule", "hourly", "--json");
        assertThat(meta.exit()).as(meta.toString()).isZero();
        assertThat(json(meta).get("copied").asLong()).isEqualTo(5);
        assertThat(Trees.hashes(tmp.resolve("dr"))).as("the hourly link adds the sidecars").isEqualTo(Trees.hashes(tmp.resolve("hq")));

        CliRun.Result all = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(json(all).get("planned").asLong()).isZero();
    }

    @Test
    void oneRunOfAnAudioLinkAndAMetadataLinkOfOnePairCopiesBoth() throws Exception {
        Path job = scheduledJob();
        // The metadata link first in the file: planning must still put the sidecars on the audio items.
        String yaml = Files.readString(job);
        String audioLine = "  - { from: hq, to: dr, schedule: continuous, filter: { content: [audio] } }\n";
        Files.writeString(job, yaml.replace(audioLine, "") + audioLine);
        CliRun cli = new CliRun(tmp.resolve("home"));

        CliRun.Result run = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Trees.hashes(tmp.resolve("dr"))).isEqualTo(Trees.hashes(tmp.resolve("hq")));
        CliRun.Result again = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(json(again).get("planned").asLong()).isZero();
    }
}
