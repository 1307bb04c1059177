package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code recsync} launcher script as cron runs it, on a copy of the packaged jar: the first
 * completed sync records the class-data-sharing archive, later runs start from it, and neither
 * changes what recsync prints (the {@code --json} stdout stays one JSON document) or its exit code.
 * Whether a JVM really used the archive is read from its class-loading log.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LauncherIT {

    static final Path LAUNCHER = Path.of(System.getProperty("recsync.launcher", "recsync")).toAbsolutePath();
    static final Path JAR = Path.of(System.getProperty("recsync.jar", "target/recsync.jar")).toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path jar;
    DemoSites demo;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void copyOfTheJarAndADemoArchive() throws IOException {
        assertThat(JAR).as("the packaged jar (mvn package runs before the ITs)").exists();
        jar = Files.copy(JAR, Files.createDirectories(tmp.resolve("build")).resolve("recsync.jar"));
        demo = DemoSites.create(new CliRun(tmp.resolve("home")), tmp.resolve("demo"), 30);
    }

    Run launch(Map<String, String> extraEnv, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList());
        Map<String, String> env = pb.environment();
        env.put("RECSYNC_JAR", jar.toString());
        env.put("RECSYNC_HOME", tmp.resolve("home").toString());
        env.remove("RECSYNC_JAVA_OPTS");
        env.remove("RECSYNC_FAST_START");
        env.putAll(extraEnv);
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    Run launch(String... args) throws Exception {
        return launch(Map.of(), args);
    }

    /** Runs with the JVM's class-loading log on; how many classes came from the recorded archive. */
    long classesFromTheArchive(Map<String, String> env, String... args) throws Exception {
        Path log = tmp.resolve("classes-" + System.nanoTime() + ".log");
        Map<String, String> withLog = new HashMap<>(env);
        withLog.put("RECSYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Run r = launch(withLog, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("source: shared objects file (top)")).count();
        }
    }

    /**
     * The run's JSON summary (stdout's last line), after checking that stdout holds nothing from the
     * JVM: the one summary line and the JSON, as without the launcher.
     */
    static JsonNode summary(Run r) throws IOException {
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("recsync ");
        assertThat(r.out() + r.err()).as("nothing from the JVM's CDS").doesNotContain("[cds").doesNotContain("shared archive");
        return JSON.readTree(lines.get(1));
    }

    List<Path> fastStartFiles() throws IOException {
        Path base = tmp.resolve("build/fast-start");
        if (!Files.exists(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base, 2)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * A jar named otherwise (an operator's {@code RECSYNC_JAR=/opt/recsync-1.2.jar}) starts fast
     * too: the JDK's extract names the jar inside after the jar itself, and the launcher looked for
     * {@code recsync.jar} there, so such a jar always ran without its archive.
     */
    @Test
    void aJarWithAVersionInItsNameStartsFromItsArchiveToo() throws Exception {
        Path versioned = Files.move(jar, jar.resolveSibling("recsync-1.2.jar"));
        jar = versioned;
        Run first = launch("sync", "--job", demo.job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(fastStartFiles()).as("the archive recorded by the first sync")
                .singleElement().satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("recsync.jsa"));
        long shared = classesFromTheArchive(Map.of(), "sync", "--job", demo.job.toString());
        assertThat(shared).as("classes loaded from the recorded archive").isGreaterThan(1000);
    }

    @Test
    void theFirstCompletedSyncRecordsTheArchiveAndLaterRunsStartFromIt() throws Exception {
        Run version = launch("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("recsync ");
        assertThat(fastStartFiles()).as("--version records nothing").isEmpty();

        Run first = launch("sync", "--job", demo.job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        JsonNode summary = summary(first);
        assertThat(summary.get("copied").asLong()).as("recordings copied").isEqualTo(30);
        assertThat(Trees.hashes(demo.siteB)).hasSize(60).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(fastStartFiles()).as("the archive, and no temporary one")
                .singleElement().satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo("recsync.jsa"));

        Run again = launch("sync", "--job", demo.job.toString(), "--json");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(summary(again).get("planned").asLong()).isZero();

        long shared = classesFromTheArchive(Map.of(), "sync", "--job", demo.job.toString());
        System.out.printf("LauncherIT: %d classes loaded from the recorded archive%n", shared);
        assertThat(shared).as("classes from the recorded archive").isGreaterThan(2000);
        assertThat(classesFromTheArchive(Map.of("RECSYNC_FAST_START", "0"), "sync", "--job", demo.job.toString()))
                .as("RECSYNC_FAST_START=0 runs the plain jar").isZero();
    }

    @Test
    void aRunThatDoesNotCompleteRecordsNothingAndKeepsItsExitCode() throws Exception {
        Run missing = launch("sync", "--job", tmp.resolve("no-such-job.yml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-job.yml");
        assertThat(fastStartFiles()).as("no archive from a run that stopped at its input").isEmpty();

        Run ok = launch("sync", "--job", demo.job.toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(fastStartFiles()).extracting(p -> p.getFileName().toString()).containsExactly("recsync.jsa");
    }

    /**
     * The launcher bounds the heap with the serial collector; an operator's own collector in
     * RECSYNC_JAVA_OPTS replaces it (the JVM refuses two) and a later -Xmx wins.
     */
    @Test
    void theHeapIsBoundedByDefaultAndAnOperatorsCollectorAndHeapReplaceIt() throws Exception {
        Run plain = launch(Map.of("RECSYNC_JAVA_OPTS", "-Xlog:gc+init=info,gc=info:stderr"), "--version");
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.err()).contains("Using Serial").containsPattern("Heap Max Capacity: 512M");

        Run own = launch(Map.of("RECSYNC_JAVA_OPTS", "-XX:+UseG1GC -Xmx1g -Xlog:gc+init=info,gc=info:stderr"), "--version");
        assertThat(own.exit()).as(own.toString()).isZero();
        assertThat(own.err()).contains("Using G1").containsPattern("Heap Max Capacity: 1G");
    }
}
