package io.recsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A demo-sized archive in site-a and a job file syncing it to site-b, made by `recsync demo --no-sync`. */
public final class DemoSites {

    public final Path dir;
    public final Path siteA;
    public final Path siteB;
    public final Path job;

    private DemoSites(Path dir) {
        this.dir = dir;
        this.siteA = dir.resolve("site-a");
        this.siteB = dir.resolve("site-b");
        this.job = dir.resolve("job.yml");
    }

    public static DemoSites create(CliRun cli, Path dir, int recordings) {
        CliRun.Result r = cli.run("demo", "--dir", dir.toString(), "--recordings", String.valueOf(recordings), "--no-sync");
        if (r.exit() != 0) {
            throw new AssertionError("demo --no-sync failed: " + r);
        }
        return new DemoSites(dir);
    }

    /** Rewrites the job file's site-b connector (e.g. to a fault-injecting kind) and transfer block. */
    public void rewriteJob(String siteBConnector, String transfer) {
        try {
            String yaml = Files.readString(job);
            yaml = yaml.replace("connector: { type: local, root: ./site-b }", "connector: " + siteBConnector);
            if (transfer != null) {
                yaml = yaml.replaceAll("(?s)transfer:.*", "transfer:\n" + transfer);
            }
            Files.writeString(job, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hashes of site-a's files whose sidecar matches {@code which} (audio and sidecar both). */
    public Map<String, String> sourceFiles(Predicate<JsonNode> which) {
        Map<String, String> all = Trees.hashes(siteA);
        Map<String, String> out = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.walk(siteA)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json"))::iterator) {
                JsonNode n = json.readTree(p.toFile());
                if (which.test(n)) {
                    String rel = siteA.relativize(p).toString();
                    String wav = rel.substring(0, rel.length() - ".json".length()) + ".wav";
                    out.put(rel, all.get(rel));
                    out.put(wav, all.get(wav));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Instant recordedAt(JsonNode sidecar) {
        return Instant.parse(sidecar.get("recordedAt").asText());
    }
}
