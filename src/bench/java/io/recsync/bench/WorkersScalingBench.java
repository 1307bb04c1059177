package io.recsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.it.CliRun;
import io.recsync.it.DemoSites;
import io.recsync.it.Trees;
import io.recsync.peers.DelayProxy;
import io.recsync.peers.MinaSftpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manager and workers over a long link (README "Scaling out"): the same plan copied by 1, 2 and 4
 * worker JVMs to an SFTP target (embedded MINA) behind a 40 ms round-trip delay proxy, each worker
 * with {@code parallel: 1} ({@code -Dbench.workers.parallel}), so one worker is latency-bound;
 * four partitions, so four workers take one each. Prints the whole run's and the transfer step's
 * time and throughput per worker count. `mvn -P bench verify -Dit.test=WorkersScalingBench`.
 */
class WorkersScalingBench {

    static final int RECORDINGS = Integer.getInteger("bench.workers.recordings", 160);
    static final int PARALLEL = Integer.getInteger("bench.workers.parallel", 1);
    /** The worker counts to run, e.g. {@code -Dbench.workers.counts=4}. */
    static final int[] COUNTS = java.util.Arrays.stream(System.getProperty("bench.workers.counts", "1,2,4").split(","))
            .map(String::strip).mapToInt(Integer::parseInt).toArray();

    @TempDir
    Path tmp;

    @Test
    void throughputPerWorkerCount() throws Exception {
        List<String> rows = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            for (int workers : COUNTS) {
                Path dir = tmp.resolve("w" + workers);
                try (MinaSftpServer sftp = MinaSftpServer.start(Files.createDirectories(dir.resolve("sftp")));
                        DelayProxy proxy = new DelayProxy(sftp.host(), sftp.port(), 20)) {
                    Files.createDirectories(sftp.root().resolve("target"));
                    String db = "w" + workers;
                    try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + db);
                    }
                    String url = pg.getJdbcUrl("postgres", db);
                    CliRun cli = new CliRun(dir.resolve("home")).env("SFTP_PASSWORD", sftp.password());
                    DemoSites demo = DemoSites.create(cli, dir.resolve("demo"), RECORDINGS);
                    demo.rewriteJob("{ type: sftp, host: 127.0.0.1, port: " + proxy.port() + ", username: "
                            + MinaSftpServer.USER + ", password: \"${SFTP_PASSWORD}\", root: /target, hostKeyFingerprint: \""
                            + sftp.hostKeyFingerprint() + "\" }",
                            "  chunkSize: 10\n  parallel: " + PARALLEL + "\nworkers:\n  enabled: true\n  partitionSize: " + RECORDINGS / 4 + "\n");
                    List<Process> children = new ArrayList<>();
                    try {
                        for (int i = 1; i <= workers; i++) {
                            children.add(worker(dir, url, demo.job, "w" + i, sftp.password()));
                        }
                        awaitLive(cli, url, workers);
                        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
                        assertThat(run.exit()).as(run.toString()).isZero();
                        assertThat(Trees.hashes(sftp.root().resolve("target"))).isEqualTo(Trees.hashes(demo.siteA));
                        double seconds = seconds(run.out());
                        double transfer = transferSeconds(url);
                        rows.add(String.format(Locale.ROOT, "| %d | %d | %.1f s | %.1f s | %.2f | %s |", workers,
                                RECORDINGS, seconds, transfer, RECORDINGS / transfer, run.out().lines().filter(l -> l.startsWith("  worker"))
                                        .map(String::strip).reduce((a, b) -> a + "; " + b).orElse("")));
                        System.out.println(run.out());
                        System.out.println(breakdown(url));
                    } finally {
                        for (Process p : children) {
                            p.destroyForcibly();
                            p.waitFor(10, TimeUnit.SECONDS);
                        }
                    }
                }
            }
        }
        System.out.println("| workers | recordings | whole run | transfer step | recordings/s (transfer) | per worker |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * Where the transfer step's time goes, relative to its start: each partition's creation (the
     * split), its start by a worker (the request's trip through the queue), its end; and per worker
     * its first and last committed item (the first commit comes after its first two chunks: the
     * writer records one chunk behind).
     */
    private static String breakdown(String url) throws Exception {
        StringBuilder out = new StringBuilder("transfer step breakdown (seconds from the step's start):\n");
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            String t0 = "(SELECT START_TIME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'transfer')";
            try (var rs = s.executeQuery("SELECT STEP_NAME, EXTRACT(EPOCH FROM (CREATE_TIME - " + t0 + ")), "
                    + "EXTRACT(EPOCH FROM (START_TIME - " + t0 + ")), EXTRACT(EPOCH FROM (END_TIME - " + t0 + ")), WRITE_COUNT "
                    + "FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'transfer:%' ORDER BY STEP_EXECUTION_ID")) {
                while (rs.next()) {
                    out.append(String.format(Locale.ROOT, "  %s: created %+.2f, started %+.2f, ended %+.2f, %d items%n",
                            rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)));
                }
            }
            try (var rs = s.executeQuery("SELECT worker, EXTRACT(EPOCH FROM (MIN(finished_at) - " + t0 + ")), "
                    + "EXTRACT(EPOCH FROM (MAX(finished_at) - " + t0 + ")), COUNT(*) FROM transfer_item GROUP BY worker ORDER BY worker")) {
                while (rs.next()) {
                    out.append(String.format(Locale.ROOT, "  worker %s: first commit %+.2f, last %+.2f, %d items%n",
                            rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)));
                }
            }
            try (var rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM (END_TIME - " + t0 + ")) FROM BATCH_STEP_EXECUTION "
                    + "WHERE STEP_NAME = 'transfer'")) {
                rs.next();
                out.append(String.format(Locale.ROOT, "  transfer step ended %+.2f%n", rs.getDouble(1)));
            }
        }
        return out.toString();
    }

    /** The transfer step's own time (the manager's partitioned step: split, wait, aggregate). */
    private static double transferSeconds(String url) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement();
                var rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM (END_TIME - START_TIME)) FROM BATCH_STEP_EXECUTION "
                        + "WHERE STEP_NAME = 'transfer'")) {
            assertThat(rs.next()).isTrue();
            return rs.getDouble(1);
        }
    }

    private static double seconds(String out) {
        // The summary line's duration: 48.2s, 2m18s, 1h2m5s.
        Matcher m = Pattern.compile("COMPLETED in (?:(\\d+)h)?(?:(\\d+)m)?([0-9.]+)s").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        double h = m.group(1) == null ? 0 : Double.parseDouble(m.group(1));
        double min = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
        return h * 3600 + min * 60 + Double.parseDouble(m.group(3));
    }

    private static void awaitLive(CliRun cli, String url, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            CliRun.Result r = cli.run("workers", "--db-url", url);
            if (r.out().lines().filter(l -> l.contains(" live ")).count() >= n) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("workers did not start: " + cli.run("workers", "--db-url", url));
    }

    private static Process worker(Path dir, String url, Path job, String name, String password) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), io.recsync.cli.RecsyncMain.class.getName(), "worker", "--db-url",
                url, "--job", job.toString(), "--name", name, "--poll-interval", "200ms"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("RECSYNC_HOME", dir.resolve("home").toString());
        pb.environment().put("SFTP_PASSWORD", password);
        return pb.start();
    }
}
