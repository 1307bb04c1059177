package io.recsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * recsync against rclone on the same synthetic archive, side by side in one invocation: local to
 * local, to SFTP (the Debian OpenSSH server on 127.0.0.1) and to S3 (s3proxy in its own JVM on
 * 127.0.0.1), for a set of many small recordings and a set of few large ones, each tool run as a
 * child process into a fresh empty target, alternating (recsync, rclone, recsync, rclone ...),
 * then a no-change rerun of each on its last target. recsync runs as an operator runs it
 * ({@code recsync sync --job FILE --json} through the launcher script, whose fast-start archive an
 * untimed warm-up sync records first; a fresh RECSYNC_HOME per first sync, so the source is scanned
 * and hashed every time) with every copy verified by SHA-256; rclone runs
 * {@code copy --checksum --transfers N}. Prints a table of medians and writes it as JSON.
 *
 * <pre>mvn -o -P bench verify -Dit.test=RcloneComparisonBench [-Dbench.runs=3]</pre>
 *
 * Properties: bench.runs (3), bench.runs.large (= bench.runs), bench.small.count (5000),
 * bench.small.kib (256), bench.large.count (40), bench.large.mib (64), bench.parallel (4),
 * bench.kinds (local,sftp,s3), bench.seed (42), bench.out (JSON file), bench.work (scratch
 * directory), bench.jar (recsync.jar), bench.launcher (the recsync script), bench.recsyncJavaOpts (extra JVM options for recsync),
 * bench.localFsync (true: recsync's default for local targets).
 */
class RcloneComparisonBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int RUNS_LARGE = Integer.getInteger("bench.runs.large", RUNS);
    static final int PARALLEL = Integer.getInteger("bench.parallel", 4);
    static final long SEED = Long.getLong("bench.seed", 42);
    static final List<String> KINDS = Arrays.asList(System.getProperty("bench.kinds", "local,sftp,s3").split(","));
    static final boolean LOCAL_FSYNC = Boolean.parseBoolean(System.getProperty("bench.localFsync", "true"));

    /** A set of recordings of one size. */
    record DataSet(String label, int count, long audioBytes, int runs) {
        String describe() {
            return count + " x " + (audioBytes >= 1 << 20 ? (audioBytes >> 20) + " MiB" : (audioBytes >> 10) + " KiB");
        }
    }

    /** One line of the table: the medians of each tool on one kind, one set, one phase. */
    record Row(String kind, DataSet set, String phase, SyntheticArchive.Stats stats, List<Double> recsync,
            List<Double> rclone, List<Double> cp, String rcloneMode) {}

    final Path buildDir = buildDir();
    final Path work = Path.of(System.getProperty("bench.work", buildDir.resolve("bench/work").toString()));
    final Path logs = work.resolve("logs");
    final Launcher launcher = new Launcher(Path.of(System.getProperty("bench.launcher", "recsync")),
            Path.of(System.getProperty("bench.jar", buildDir.resolve("recsync.jar").toString())));
    final List<Row> rows = new ArrayList<>();
    Path rcloneConfig;

    @Test
    void recsyncAgainstRclone() throws Exception {
        Targets.quietDelete(work);
        Files.createDirectories(logs);
        launcher.warmUp(work, logs);
        List<DataSet> sets = List.of(
                new DataSet("small", Integer.getInteger("bench.small.count", 5000), Long.getLong("bench.small.kib", 256) << 10, RUNS),
                new DataSet("large", Integer.getInteger("bench.large.count", 40), Long.getLong("bench.large.mib", 64) << 20, RUNS_LARGE));
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(Timed.run(launcher.command("--version"), launcher.env(work.resolve("home-version"), javaOpts()), List.of(),
                    logs, "recsync-version-" + i).requireOk("recsync --version").seconds());
        }
        double jvmStart = median(starts);
        System.out.printf(Locale.ROOT, "BENCH recsync --version (JVM start, no Spring job): %.2f s%n", jvmStart);
        List<Targets> servers = new ArrayList<>();
        try {
            Map<String, Targets> kinds = new HashMap<>();
            for (String k : KINDS) {
                Targets t = switch (k.trim()) {
                    case "local" -> Targets.local(Files.createDirectories(work.resolve("local")), LOCAL_FSYNC);
                    case "sftp" -> Targets.sftp(Files.createDirectories(work.resolve("sshd")), PARALLEL);
                    case "s3" -> Targets.s3(Files.createDirectories(work.resolve("s3")), logs);
                    default -> throw new IllegalArgumentException("bench.kinds: unknown kind " + k);
                };
                servers.add(t);
                kinds.put(t.name, t);
            }
            rcloneConfig = work.resolve("rclone.conf");
            StringBuilder conf = new StringBuilder();
            servers.forEach(t -> conf.append(t.rcloneConfig()));
            Files.writeString(rcloneConfig, conf);
            Files.setPosixFilePermissions(rcloneConfig, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            for (Targets t : servers) {
                t.prepare(rcloneConfig, logs);
            }
            for (DataSet set : sets) {
                Path source = work.resolve("source-" + set.label());
                long t0 = System.nanoTime();
                SyntheticArchive.Stats stats = SyntheticArchive.generate(source, SEED, set.count(), set.audioBytes());
                System.out.printf(Locale.ROOT, "BENCH generated %s: %d files, %.1f MiB in %.1f s%n", set.describe(), stats.files(),
                        stats.bytes() / 1048576.0, (System.nanoTime() - t0) / 1e9);
                for (Targets t : servers) {
                    measure(t, set, source, stats);
                }
                Targets.quietDelete(source);
            }
        } finally {
            for (Targets t : servers) {
                try {
                    t.close();
                } catch (Exception e) {
                    System.err.println("bench: stopping " + t.name + ": " + e);
                }
            }
        }
        print(jvmStart);
        write(jvmStart);
        if (!Boolean.getBoolean("bench.keep")) {
            Targets.quietDelete(work);
        }
    }

    private void measure(Targets kind, DataSet set, Path source, SyntheticArchive.Stats stats) throws Exception {
        List<Double> rs = new ArrayList<>();
        List<Double> rc = new ArrayList<>();
        List<Double> cp = new ArrayList<>();
        Targets.Target lastRecsync = null;
        Targets.Target lastRclone = null;
        Path lastHome = null;
        Path lastJob = null;
        String tag = kind.name + "-" + set.label();
        for (int i = 0; i < set.runs(); i++) {
            // recsync: a fresh home (no checksum cache, no history) and a fresh target.
            Targets.Target target = kind.newTarget("recsync-" + tag + "-" + i);
            Path home = work.resolve("home-" + tag + "-" + i);
            Path job = writeJob(tag + "-" + i, source, target);
            Timed r = runRecsync(kind, job, home, tag + "-" + i);
            JsonNode result = JSON.readTree(r.lastLine());
            if (result.get("copied").asLong() != stats.recordings() || result.get("failed").asLong() != 0) {
                throw new AssertionError("recsync " + tag + ": copied " + result + ", expected " + stats.recordings());
            }
            TreeCheck.assertSame(source, target.onDisk(), "recsync " + tag);
            rs.add(r.seconds());
            if (lastRecsync != null) {
                lastRecsync.drop().run();
                Targets.quietDelete(lastHome);
            }
            lastRecsync = target;
            lastHome = home;
            lastJob = job;
            // rclone
            Targets.Target rt = kind.newTarget("rclone-" + tag + "-" + i);
            Timed c = runRclone(kind, source, rt, "rclone-" + tag + "-" + i);
            TreeCheck.assertSame(source, rt.onDisk(), "rclone " + tag);
            rc.add(c.seconds());
            if (lastRclone != null) {
                lastRclone.drop().run();
            }
            lastRclone = rt;
            if (kind.name.equals("local")) {
                Path dst = work.resolve("cp-" + tag + "-" + i);
                Timed t = Timed.run(List.of("cp", "-r", source.toString(), dst.toString()), Map.of(), List.of(), logs,
                        "cp-" + tag + "-" + i).requireOk("cp -r");
                TreeCheck.assertSame(source, dst, "cp -r " + tag);
                cp.add(t.seconds());
                Targets.quietDelete(dst);
            }
            System.out.printf(Locale.ROOT, "BENCH %-5s %-15s run %d: recsync %.2f s, rclone %.2f s%s%n", kind.name, set.describe(),
                    i + 1, r.seconds(), c.seconds(), cp.isEmpty() ? "" : String.format(Locale.ROOT, ", cp -r %.2f s", cp.get(cp.size() - 1)));
        }
        rows.add(new Row(kind.name, set, "copy", stats, rs, rc, cp, kind.rcloneHashMode()));
        // Nightly with nothing new: the same job and home again, rclone again on its own target.
        Timed r = runRecsync(kind, lastJob, lastHome, tag + "-rerun");
        JsonNode result = JSON.readTree(r.lastLine());
        if (result.get("copied").asLong() != 0 || result.get("failed").asLong() != 0) {
            throw new AssertionError("recsync " + tag + " rerun copied something: " + result);
        }
        Timed c = runRclone(kind, source, lastRclone, "rclone-" + tag + "-rerun");
        TreeCheck.assertSame(source, lastRclone.onDisk(), "rclone rerun " + tag);
        System.out.printf(Locale.ROOT, "BENCH %-5s %-15s rerun: recsync %.2f s, rclone %.2f s%n", kind.name, set.describe(),
                r.seconds(), c.seconds());
        rows.add(new Row(kind.name, set, "rerun", stats, List.of(r.seconds()), List.of(c.seconds()), List.of(), kind.rcloneHashMode()));
        lastRecsync.drop().run();
        lastRclone.drop().run();
        Targets.quietDelete(lastHome);
    }

    private Timed runRecsync(Targets kind, Path job, Path home, String label) throws Exception {
        Map<String, String> env = new HashMap<>(kind.recsyncEnv());
        env.putAll(launcher.env(home, javaOpts()));
        return Timed.run(launcher.command("sync", "--job", job.toString(), "--json"), env, List.of(), logs, "recsync-" + label)
                .requireOk("recsync sync " + label);
    }

    private Timed runRclone(Targets kind, Path source, Targets.Target target, String label) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rclone", "--config", rcloneConfig.toString(), "copy", source.toString(),
                target.rcloneDestination(), "--transfers", String.valueOf(PARALLEL)));
        cmd.addAll(kind.rcloneHashFlags());
        cmd.add("-v");
        return Timed.run(cmd, Map.of(), List.of("AWS_CA_BUNDLE"), logs, label).requireOk("rclone copy " + label);
    }

    private static String javaOpts() {
        return System.getProperty("bench.recsyncJavaOpts", "").trim();
    }

    private Path writeJob(String name, Path source, Targets.Target target) throws IOException {
        String yaml = "name: bench-" + name + "\nsites:\n"
                + "  src:\n    connector: { type: local, root: \"" + source + "\" }\n"
                + "    manifest:\n      source: scan\n      template: \"" + SyntheticArchive.TEMPLATE + "\"\n    mode: ro\n"
                + "  dst:\n    connector: " + target.recsyncProfile() + "\n"
                + "links:\n  - from: src\n    to: dst\n"
                + "transfer:\n  parallel: " + PARALLEL + "\n";
        Path job = Files.createDirectories(work.resolve("jobs")).resolve(name + ".yml");
        Files.writeString(job, yaml);
        return job;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private void print(double jvmStart) {
        System.out.println();
        System.out.printf(Locale.ROOT, "BENCH recsync vs rclone: %d cores, parallel %d (rclone --transfers %d), medians of alternating runs;"
                + " recsync JVM start (--version) %.2f s%n", Runtime.getRuntime().availableProcessors(), PARALLEL, PARALLEL, jvmStart);
        System.out.printf(Locale.ROOT, "BENCH %-5s %-15s %-5s %4s | %8s %8s %8s | %8s %8s | %6s | %s%n", "kind", "set", "phase", "runs",
                "recsync", "MiB/s", "files/s", "rclone", "MiB/s", "ratio", "rclone mode / cp -r");
        for (Row row : rows) {
            double a = median(row.recsync());
            double b = median(row.rclone());
            double mib = row.stats().bytes() / 1048576.0;
            String extra = row.rcloneMode();
            if (!row.cp().isEmpty()) {
                double c = median(row.cp());
                extra += String.format(Locale.ROOT, "; cp -r %.2f s = %.0f MiB/s, recsync at %.0f%% of it", c, mib / c, 100 * c / a);
            }
            boolean copy = row.phase().equals("copy");
            System.out.printf(Locale.ROOT, "BENCH %-5s %-15s %-5s %4d | %7.2fs %8s %8s | %7.2fs %8s | %6.2f | %s%n", row.kind(),
                    row.set().describe(), row.phase(), row.recsync().size(), a, copy ? fmt(mib / a) : "-",
                    copy ? fmt(row.stats().files() / a) : "-", b, copy ? fmt(mib / b) : "-", b / a, extra);
        }
        System.out.println("BENCH ratio = rclone time / recsync time (throughput ratio: above 1 means recsync is faster)");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private void write(double jvmStart) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("parallel", PARALLEL);
        root.put("java", System.getProperty("java.version"));
        root.put("rclone", Timed.run(List.of("rclone", "version"), Map.of(), List.of(), logs, "rclone-version").out().lines()
                .findFirst().orElse("?"));
        root.put("recsyncJvmStartSeconds", jvmStart);
        root.put("localFsync", LOCAL_FSYNC);
        root.put("seed", SEED);
        ArrayNode arr = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode n = arr.addObject();
            n.put("kind", row.kind());
            n.put("set", row.set().describe());
            n.put("phase", row.phase());
            n.put("files", row.stats().files());
            n.put("bytes", row.stats().bytes());
            n.put("recsyncMedianSeconds", median(row.recsync()));
            n.put("rcloneMedianSeconds", median(row.rclone()));
            n.put("ratio", median(row.rclone()) / median(row.recsync()));
            n.put("rcloneMode", row.rcloneMode());
            row.recsync().forEach(n.putArray("recsyncSeconds")::add);
            row.rclone().forEach(n.putArray("rcloneSeconds")::add);
            if (!row.cp().isEmpty()) {
                n.put("cpMedianSeconds", median(row.cp()));
                row.cp().forEach(n.putArray("cpSeconds")::add);
            }
        }
        Path out = Path.of(System.getProperty("bench.out", buildDir.resolve("bench/rclone-comparison.json").toString()));
        Files.createDirectories(out.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("BENCH JSON written to " + out);
    }

    /** The build directory these classes were compiled into (test-classes' parent). */
    private static Path buildDir() {
        try {
            Path classes = Path.of(RcloneComparisonBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (Exception e) {
            return Path.of("target");
        }
    }
}
