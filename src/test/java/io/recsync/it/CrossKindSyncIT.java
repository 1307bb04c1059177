package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync job between kinds of storage: a demo-sized archive is generated locally, loaded onto
 * the source kind by a first sync, then synced to the target kind; target == source by SHA-256
 * read through the target's own connector, and a second run copies nothing.
 */
abstract class CrossKindSyncIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs source kind -> target kind over a fresh archive of {@code n} recordings. */
    void syncsAcross(SiteKind source, SiteKind target, int n) throws Exception {
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(7, 0.5, 2.0).generate(seed, n);
        String src = source.newSite("source");
        String dst = target.newSite("target");
        CliRun cli = new CliRun(tmp.resolve("home"));
        source.env().forEach(cli::env);
        target.env().forEach(cli::env);

        if (!source.name().equals("local")) {
            Path load = tmp.resolve("load.yml");
            Files.writeString(load, job("load", "{ type: local, root: \"" + seed + "\" }", src));
            CliRun.Result loaded = cli.run("sync", "--job", load.toString());
            assertThat(loaded.exit()).as(loaded.toString()).isZero();
        } else {
            src = "{ type: local, root: \"" + seed + "\" }";
        }
        Path job = tmp.resolve("cross.yml");
        Files.writeString(job, job("cross", src, dst));
        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(JSON.readTree(first.lastLine()).get("copied").asLong()).isEqualTo(n);
        Map<String, String> expected = Trees.hashes(seed);
        Map<String, String> env = new java.util.HashMap<>(source.env());
        env.putAll(target.env());
        assertThat(SiteContents.hashes(dst, env)).hasSize(2 * n).isEqualTo(expected);

        CliRun.Result second = cli.run("sync", "--job", job.toString(), "--json");
        JsonNode again = JSON.readTree(second.lastLine());
        assertThat(second.exit()).isZero();
        assertThat(again.get("copied").asLong()).isZero();
        assertThat(again.get("planned").asLong()).isZero();
    }

    static String job(String name, String source, String target) {
        return new JobYaml(name).site("a", source).site("b", target).withLinks(Topologies.oneWay("a", "b"));
    }
}
