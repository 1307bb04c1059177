package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the CLI process in the middle of copying: the next invocation recovers the dead
 * execution by itself, resumes it, and ends with the target identical to the source and no temp
 * file left behind.
 */
class CrashIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aKilledRunIsRecoveredAndResumedByTheNextInvocation() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        Path home = tmp.resolve("home");
        CliRun cli = new CliRun(home).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 150);
        demo.rewriteJob("{ type: faulty, slowPutMillis: 20, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 10\n  parallel: 2\n");

        Process child = child(home, "sync", "--job", demo.job.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (wavCount(demo.siteB) < 40 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(child.isAlive()).as("the child must still be copying when it is killed").isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long copiedBeforeKill = wavCount(demo.siteB);
        assertThat(copiedBeforeKill).isBetween(40L, 149L);

        demo.rewriteJob("{ type: faulty, delegate: { type: local, root: ./site-b } }", null);
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.err()).contains("had died mid-way; recovered it");
        assertThat(next.out()).contains("Resumed plan");
        assertThat(Trees.hashes(demo.siteB)).hasSize(300).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();

        JsonNode rows = JSON.readTree(cli.run("history", "--job", "demo", "--format", "json").out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(rows.get(0).get("status").asText()).isEqualTo("COMPLETED");
        // What the killed run committed is not copied again: the resumed run copies the rest only.
        assertThat(rows.get(0).get("copied").asLong()).isLessThanOrEqualTo(150 - rows.get(1).get("copied").asLong());
    }

    static Process child(Path home, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolveSibling("child.log").toFile());
        pb.environment().put("RECSYNC_HOME", home.toString());
        return pb.start();
    }

    static long wavCount(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        while (true) {
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".wav")).count();
            } catch (java.io.UncheckedIOException e) {
                // The child renamed or removed a temp file while the walk passed by: count again.
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }
}
