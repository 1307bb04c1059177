package io.recsync.bench;

import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.ManifestFormat;
import io.recsync.manifest.ManifestWriter;
import io.recsync.manifest.Recording;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Manifest-only scale: a source site whose recorder manifest lists N recordings and a target whose
 * manifest lists 99% of them (no audio bytes anywhere), timed as an operator runs recsync (the
 * launcher on the packaged jar, after a warm-up sync; its own JVM, {@code -Xmx512m}):
 * <ol>
 *   <li>first refresh + plan ({@code sync --dry-run}: both manifests ingested into the index, the
 *       1% difference planned);
 *   <li>the nightly with nothing new ({@code sync --dry-run} again: the manifests are unchanged so
 *       nothing is read, only the plan runs);
 *   <li>real {@code sync} runs of a target holding everything: the first ingests the target's
 *       manifest and plans (finding nothing); the next two are nightlies with nothing new, whose
 *       inputs equal those of that completed plan, so it is reused instead of computed again.
 * </ol>
 * on H2 and on PostgreSQL; peak heap is read from the JVM's GC log (the largest heap in use
 * before a collection). Sizes: {@code -Dbench.scale=1000000,10000000}; databases:
 * {@code -Dbench.databases=h2,postgres}; {@code -Dbench.phases=N} runs only the first N phases.
 *
 * <pre>mvn -P bench verify -Dit.test=ManifestScaleBench</pre>
 */
class ManifestScaleBench {

    static final String[] TENANTS = {"acme", "globex", "initech", "umbrella", "hooli"};
    static final String[] GROUPS = {"support", "sales", "billing", "emergency"};
    static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    final Launcher launcher = Launcher.fromProperties();
    final Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).resolve("scale");
    final String heap = System.getProperty("bench.heap", "512m");

    record Row(String database, long recordings, String phase, double seconds, long peakHeapMiB, String result) {}

    @Test
    void refreshAndPlanAtScale() throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> databases = List.of(System.getProperty("bench.databases", "h2,postgres").split(","));
        Path scratch = Files.createDirectories(dir.resolve("warm-up"));
        launcher.warmUp(scratch, scratch);
        for (String size : System.getProperty("bench.scale", "1000000").split(",")) {
            long n = Long.parseLong(size.trim());
            Path sites = Files.createDirectories(dir.resolve(String.valueOf(n)));
            long t0 = System.nanoTime();
            writeManifests(sites, n);
            System.out.printf(Locale.ROOT, "ManifestScaleBench: wrote manifests of %,d and %,d recordings in %.1f s%n", n,
                    n - n / 100, (System.nanoTime() - t0) / 1e9);
            for (String db : databases) {
                rows.addAll(measure(sites, n, db.trim()));
            }
        }
        print(rows);
    }

    private List<Row> measure(Path sites, long n, String database) throws Exception {
        List<Row> rows = new ArrayList<>();
        EmbeddedPostgres pg = database.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
        try {
            String url = null;
            if (pg != null) {
                try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                    s.execute("CREATE DATABASE scale");
                }
                url = pg.getJdbcUrl("postgres", "scale");
            }
            Path home = Files.createDirectories(dir.resolve("home-" + database + "-" + n + "-" + System.nanoTime()));
            Path plan = sites.resolve("plan.yml");
            Path nightly = sites.resolve("nightly.yml");
            String[][] phases = {
                {"first refresh + plan (dry run)", "sync", "--job", plan.toString(), "--dry-run"},
                {"refresh + plan, nothing new (dry run)", "sync", "--job", plan.toString(), "--dry-run"},
                {"nightly sync, first (ingests the full target)", "sync", "--job", nightly.toString(), "--json"},
                {"nightly sync, nothing new", "sync", "--job", nightly.toString(), "--json"},
                {"nightly sync, nothing new again", "sync", "--job", nightly.toString(), "--json"},
            };
            // -Dbench.phases=1 runs only the first (at 10,000,000 each phase takes many minutes).
            int count = Math.min(phases.length, Integer.getInteger("bench.phases", phases.length));
            for (int i = 0; i < count; i++) {
                rows.add(run(database, n, phases[i][0], home, url, java.util.Arrays.copyOfRange(phases[i], 1, phases[i].length)));
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        return rows;
    }

    private Row run(String database, long n, String phase, Path home, String url, String... args) throws Exception {
        Path gcLog = home.resolve("gc-" + System.nanoTime() + ".log");
        List<String> cmd = launcher.command(args);
        if (url != null) {
            cmd.addAll(List.of("--db-url", url));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(launcher.env(home, "-Xmx" + heap + " -Xlog:gc:file=" + gcLog));
        Path out = home.resolve("out-" + System.nanoTime() + ".txt");
        pb.redirectOutput(out.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new AssertionError(phase + ": did not finish");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> lines = Files.readAllLines(out);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (p.exitValue() != 0) {
            throw new AssertionError(phase + " on " + database + " exited " + p.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        String result = lines.stream().filter(l -> l.startsWith("Would copy")).findFirst().orElse(last);
        System.out.printf(Locale.ROOT, "ManifestScaleBench: %s %,d %s: %.1f s, peak heap %d MiB: %s%n", database, n, phase,
                seconds, peakHeap(gcLog), result);
        return new Row(database, n, phase, seconds, peakHeap(gcLog), result);
    }

    /** The largest heap in use before a collection, from the GC log, in MiB. */
    static long peakHeap(Path gcLog) throws IOException {
        long peak = 0;
        if (!Files.exists(gcLog)) {
            return -1;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return peak;
    }

    /**
     * The source lists recordings 0..n-1; the plan job's target lists all but every hundredth;
     * the nightly job's target lists all of them. Written once per size and reused.
     */
    private void writeManifests(Path sites, long n) throws IOException {
        Path source = sites.resolve("source/manifest/recorder.jsonl.gz");
        Path partial = sites.resolve("partial/manifest/recorder.jsonl.gz");
        Path full = sites.resolve("full/manifest/recorder.jsonl.gz");
        Path done = sites.resolve("manifests.done");
        if (!Files.exists(done)) {
            for (Path p : List.of(source, partial, full)) {
                Files.createDirectories(p.getParent());
            }
            try (OutputStream a = new BufferedOutputStream(Files.newOutputStream(source), 1 << 16);
                    OutputStream b = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                    ManifestWriter src = ManifestWriter.open(a, ManifestFormat.JSONL, true);
                    ManifestWriter part = ManifestWriter.open(b, ManifestFormat.JSONL, true)) {
                for (long i = 0; i < n; i++) {
                    Recording r = recording(i);
                    src.write(r);
                    if (i % 100 != 0) {
                        part.write(r);
                    }
                }
            }
            Files.copy(source, full);
            Files.writeString(done, "ok");
        }
        Files.writeString(sites.resolve("plan.yml"), job("scale-plan", sites.resolve("source"), sites.resolve("partial")));
        Files.writeString(sites.resolve("nightly.yml"), job("scale-nightly", sites.resolve("source"), sites.resolve("full")));
    }

    private static String job(String name, Path source, Path target) {
        return """
                name: %s
                sites:
                  source:
                    connector: { type: local, root: "%s" }
                    manifest: { source: file, path: manifest/recorder.jsonl.gz }
                    mode: ro
                  target:
                    connector: { type: local, root: "%s" }
                    manifest: { source: file, path: manifest/recorder.jsonl.gz }
                links:
                  - { from: source, to: target }
                """.formatted(name, source, target);
    }

    static Recording recording(long i) {
        UUID id = new UUID(0x5ca1e00000004000L | (i >>> 48), 0x8000000000000000L | i);
        String tenant = TENANTS[(int) (i % TENANTS.length)];
        String group = GROUPS[(int) ((i / 7) % GROUPS.length)];
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 29);
        String day = at.toString().substring(0, 10).replace('-', '/');
        String base = tenant + "/" + group + "/" + day + "/" + id;
        return new Recording(id, tenant, group, at, new FileRef(StoragePath.of(base + ".wav"), 200_000 + i % 4_000_000,
                hash(i, 'a')), new FileRef(StoragePath.of(base + ".json"), 300 + i % 700, hash(i, 'm')), 1);
    }

    private static String hash(long i, char kind) {
        byte[] b = new byte[32];
        long x = i * 0x9E3779B97F4A7C15L + kind;
        for (int k = 0; k < 32; k++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[k] = (byte) x;
        }
        return HexFormat.of().formatHex(b);
    }

    private void print(List<Row> rows) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-9s %12s  %-46s %9s %11s%n", "database", "recordings", "phase", "seconds",
                "peak heap"));
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "%-9s %,12d  %-46s %9.1f %7d MiB%n", r.database(), r.recordings(),
                    r.phase(), r.seconds(), r.peakHeapMiB()));
        }
        System.out.println("ManifestScaleBench (-Xmx" + heap + ", " + Runtime.getRuntime().availableProcessors()
                + " cores)\n" + table);
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            json.append(String.format(Locale.ROOT,
                    "  {\"database\":\"%s\",\"recordings\":%d,\"phase\":\"%s\",\"seconds\":%.2f,\"peakHeapMiB\":%d,"
                            + "\"heapLimit\":\"%s\"}%s%n",
                    r.database(), r.recordings(), r.phase(), r.seconds(), r.peakHeapMiB(), heap,
                    i < rows.size() - 1 ? "," : ""));
        }
        Files.writeString(dir.resolve("manifest-scale.json"), json.append("]\n").toString(), StandardCharsets.UTF_8);
        System.out.println("ManifestScaleBench: JSON written to " + dir.resolve("manifest-scale.json"));
    }
}
