package io.recsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every section of the bench shares: the scratch directory and logs, the launcher, rclone's
 * config file, the table, and how each tool is started and measured (as a child process tree under
 * {@code /usr/bin/time}).
 */
final class BenchRun {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final Path logs;
    final Launcher launcher;
    final Table table = new Table();
    final int runs = Integer.getInteger("bench.runs", 1);
    final int parallel = Integer.getInteger("bench.parallel", 4);
    final long seed = Long.getLong("bench.seed", 42);
    final String javaOpts = System.getProperty("bench.recsyncJavaOpts", "").trim();
    final StringBuilder rcloneConfig = new StringBuilder();
    final Path rcloneConfigFile;

    BenchRun(Path work, Launcher launcher) throws IOException {
        this.work = work;
        this.logs = work.resolve("logs");
        this.launcher = launcher;
        this.rcloneConfigFile = work.resolve("rclone.conf");
        Files.createDirectories(logs);
        writeRcloneConfig();
    }

    /** Adds remotes to rclone's own config file (never the user's). */
    void addRcloneRemote(String section) throws IOException {
        rcloneConfig.append(section);
        writeRcloneConfig();
    }

    private void writeRcloneConfig() throws IOException {
        Files.writeString(rcloneConfigFile, rcloneConfig);
        Files.setPosixFilePermissions(rcloneConfigFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** One recsync run through the launcher, measured; its {@code --json} summary must show no failure. */
    Timed recsync(String label, Path home, Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(launcher.env(home, javaOpts));
        Timed t = Timed.measure(launcher.command(args), env, List.of(), logs, "recsync-" + label)
                .requireOk("recsync " + String.join(" ", args));
        return t;
    }

    /** A sync of a job file with {@code --json}; checks how many recordings it copied. */
    Timed recsyncSync(String label, Path job, Path home, Map<String, String> env, long expectCopied) throws Exception {
        Timed t = recsync(label, home, env, "sync", "--job", job.toString(), "--json");
        JsonNode result = JSON.readTree(t.lastLine());
        if (result.path("failed").asLong() != 0 || (expectCopied >= 0 && result.path("copied").asLong() != expectCopied)) {
            throw new AssertionError("recsync " + label + ": " + result + ", expected " + expectCopied + " copied");
        }
        return t;
    }

    /**
     * One {@code rclone copy} with rclone's own config, {@code AWS_CA_BUNDLE} removed (it breaks
     * rclone's S3 backend here); {@code syncAfter} runs {@code sync -f DIR} after it inside the same
     * measured process tree (equal durability: rclone never fsyncs).
     */
    Timed rclone(String label, List<String> args, Path syncAfter) throws Exception {
        List<String> rclone = new ArrayList<>(List.of("rclone", "--config", rcloneConfigFile.toString()));
        rclone.addAll(args);
        List<String> cmd;
        Map<String, String> env = new HashMap<>();
        if (syncAfter == null) {
            cmd = rclone;
        } else {
            cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\" && exec sync -f \"$SYNC_DIR\"", "sh"));
            cmd.addAll(rclone);
            env.put("SYNC_DIR", syncAfter.toString());
        }
        return Timed.measure(cmd, env, List.of("AWS_CA_BUNDLE"), logs, "rclone-" + label).requireOk("rclone " + label);
    }

    /** A job of two sites: {@code src} (read-only, the given manifest) to {@code dst}. */
    Path writeJob(String name, Path source, String sourceManifest, String targetConnector, int parallelism) throws IOException {
        String yaml = "name: bench-" + name + "\nsites:\n"
                + "  src:\n    connector: { type: local, root: \"" + source + "\" }\n"
                + "    manifest: " + sourceManifest + "\n    mode: ro\n"
                + "  dst:\n    connector: " + targetConnector + "\n"
                + "links:\n  - from: src\n    to: dst\n"
                + "transfer:\n  parallel: " + parallelism + "\n";
        Path job = Files.createDirectories(work.resolve("jobs")).resolve(name + ".yml");
        Files.writeString(job, yaml);
        return job;
    }

    static String scanManifest() {
        return "{ source: scan, template: \"" + SyntheticArchive.TEMPLATE + "\" }";
    }

    static String localConnector(Path root) {
        return "{ type: local, root: \"" + root + "\" }";
    }

    /**
     * Waits until files just generated are older than the margin within which recsync's scan
     * reads a file again instead of remembering its checksum (CachedChecksum.RACY), as a night's
     * recordings are when the nightly run scans them. Without it the run after a generation would
     * hash again everything generated in its last seconds.
     */
    static void settle(String what) throws InterruptedException {
        long ms = io.recsync.manifest.CachedChecksum.RACY.toMillis() + 1000;
        System.out.printf(java.util.Locale.ROOT, "BENCH waiting %.0f s: %s older than recsync's racy margin%n", ms / 1000.0, what);
        Thread.sleep(ms);
    }
}
