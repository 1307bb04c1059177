package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.peers.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manager and workers (README "Scaling out"): a run with `workers: { enabled: true }` and three
 * worker JVMs on one real PostgreSQL. A worker killed with SIGKILL mid-run: its partition is handed
 * to a live worker and the run completes with every recording at the target once, proven by
 * reading it back. The manager killed mid-run: the next `sync` completes the run.
 */
class WorkersIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path tmp;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<Process> children = new ArrayList<>();
    private String url;
    private CliRun cli;
    private DemoSites demo;

    @BeforeEach
    void sites() throws Exception {
        url = postgres.freshDatabase("w");
        LocalConnectorFactory local = new LocalConnectorFactory();
        cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        demo = DemoSites.create(cli, tmp.resolve("demo"), 1000);
        // 10 ms per put: the copying takes seconds, so the kills land mid-run.
        demo.rewriteJob("{ type: faulty, slowPutMillis: 10, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 20\n  parallel: 2\nworkers:\n  enabled: true\n  partitionSize: 100\n  heartbeatLimit: 3s\n"
                + "ledger:\n  signingKeyFile: \"" + tmp.resolve("keys/ledger-signing.pem") + "\"\n  publicKeyFile: \""
                + tmp.resolve("keys/ledger-public.pem") + "\"\n");
        assertThat(cli.run("ledger", "keygen", "--out", tmp.resolve("keys").toString()).exit()).isZero();
    }

    @AfterEach
    void stopChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWorkerKilledMidRunHasItsPartitionHandedOnAndTheRunCompletes() throws Exception {
        List<Process> workers = List.of(worker("w1"), worker("w2"), worker("w3"));
        // All three up before the run, so each takes partitions from the start (on a loaded machine
        // a worker still starting could find the queue empty by the time it polls).
        for (String w : List.of("w1", "w2", "w3")) {
            awaitLive(w);
        }
        CompletableFuture<CliRun.Result> manager = CompletableFuture.supplyAsync(
                () -> cli.run("sync", "--job", demo.job.toString(), "--db-url", url));

        // Kill the first worker once it has copied something and while it holds a partition.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !(doneBy("w1") >= 40 && working("w1"))) {
            Thread.sleep(20);
        }
        assertThat(doneBy("w1")).as("w1 copied before it is killed").isGreaterThanOrEqualTo(40);
        workers.get(0).destroyForcibly(); // SIGKILL: its partition stays STARTED in the job repository
        assertThat(workers.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
        long w1Done = doneBy("w1");

        CliRun.Result run = manager.get(120, TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("1000 planned").contains(" 0 failed");
        // What w1 had in flight (the writer records a chunk one chunk behind: at most 2 x 20 items)
        // is redone by the worker that took its partition over, and found in place when published.
        assertThat(alreadyPresent(run.out())).isBetween(0L, 40L);
        assertThat(run.err()).contains("handed to another worker");
        // Who copied what: the three workers, the dead one with what it committed before it died.
        assertThat(run.out()).contains("worker w1:", "worker w2:", "worker w3:");
        assertThat(doneBy("w1")).isEqualTo(w1Done);

        // Every recording at the target, read back and compared, and nothing half-written.
        assertThat(Trees.hashes(demo.siteB)).hasSize(2000).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();
        // Each item finished once, by one worker, in this one run.
        Map<String, Long> q = query("SELECT COUNT(*) AS items, COUNT(DISTINCT recording_id) AS recordings, "
                + "SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END) AS done, COUNT(DISTINCT finished_execution_id) AS runs,"
                + " SUM(CASE WHEN worker IS NULL THEN 1 ELSE 0 END) AS nobody FROM transfer_item");
        assertThat(q).containsEntry("items", 1000L).containsEntry("recordings", 1000L).containsEntry("done", 1000L)
                .containsEntry("runs", 1L).containsEntry("nobody", 0L);

        // The evidence ledger: three processes appended to one chain (the head row locked by each
        // chunk's transaction), every file placed exactly once, and the chain verifies.
        Map<String, Long> chain = query("SELECT COUNT(*) AS entries, MAX(seq) AS head, COUNT(DISTINCT path) AS paths,"
                + " SUM(CASE WHEN kind = 'PLACEMENT' THEN 1 ELSE 0 END) AS placements FROM ledger_entry");
        assertThat(chain).containsEntry("placements", 2000L).containsEntry("paths", 2000L).containsEntry("entries", 2001L)
                .containsEntry("head", 2001L);
        CliRun.Result ledger = cli.run("ledger", "verify", "--job", demo.job.toString(), "--db-url", url);
        assertThat(ledger.exit()).as(ledger.toString()).isZero();

        long runId = query("SELECT MAX(finished_execution_id) AS id FROM transfer_item").get("id");
        CliRun.Result report = cli.run("report", "--run", String.valueOf(runId), "--db-url", url, "--format", "csv");
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out().lines().filter(l -> l.contains(",DONE,")).map(l -> l.substring(l.lastIndexOf(',') + 1))
                .distinct().sorted().toList()).containsExactly("w1", "w2", "w3");

        CliRun.Result status = cli.run("workers", "--db-url", url);
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out().lines().filter(l -> l.startsWith("w1 ")).findFirst().orElseThrow())
                .as(status.out()).contains(" dead ").contains("(was demo transfer:partition");
        assertThat(status.out().lines().filter(l -> l.contains(" live ")).map(l -> l.split(" ")[0]).toList())
                .as(status.out()).containsExactlyInAnyOrder("w2", "w3");

        CliRun.Result history = cli.run("history", "--db-url", url, "--format", "json");
        assertThat(history.out()).contains("\"COMPLETED\"");
        System.out.println("WorkersIT, worker killed after " + w1Done + " item(s):\n" + run.out() + status.out());

        // SIGTERM (systemctl stop): an idle worker exits 0 and leaves the list.
        workers.get(1).destroy();
        assertThat(workers.get(1).waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(workers.get(1).exitValue()).as(log(tmp.resolve("w2.log"))).isZero();
        assertThat(cli.run("workers", "--db-url", url).out()).doesNotContain("w2 ").contains("w3");
    }

    @Test
    void aManagerKilledMidRunIsCompletedByTheNextSync() throws Exception {
        worker("w1");
        worker("w2");
        worker("w3");
        Process manager = child(tmp.resolve("manager.log"), "sync", "--job", demo.job.toString(), "--db-url", url);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && CrashIT.wavCount(demo.siteB) < 150) {
            Thread.sleep(20);
        }
        assertThat(manager.isAlive()).as("the manager is still waiting for its partitions").isTrue();
        manager.destroyForcibly();
        assertThat(manager.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(CrashIT.wavCount(demo.siteB)).isLessThan(1000);

        CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.err()).contains("had died mid-way; recovered it");
        assertThat(Trees.hashes(demo.siteB)).hasSize(2000).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();
        Map<String, Long> q = query("SELECT COUNT(DISTINCT recording_id) AS recordings, "
                + "SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END) AS done FROM transfer_item");
        assertThat(q).containsEntry("done", 1000L);
        System.out.println("WorkersIT, manager killed:\n" + next.out());
    }

    /**
     * A run's --max-transfer and --max-duration are the whole run's, not each worker's: the workers
     * share one byte budget and the manager's deadline (and apply its --bwlimit), the run ends at
     * the limit (exit 7, STOPPED), and a resumed run keeps to its own limits, not the cut run's.
     */
    @Test
    void theRunsLimitsHoldAcrossItsWorkersAndAResumedRunKeepsToItsOwn() throws Exception {
        worker("w1");
        worker("w2");
        worker("w3");
        long total;
        long largest;
        try (var files = Files.walk(demo.siteA)) {
            List<Long> sizes = files.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".recsync"))
                    .map(f -> f.toFile().length()).toList();
            total = sizes.stream().mapToLong(Long::longValue).sum();
            largest = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        long budgetK = total / 4 / 1024;
        CliRun.Result first = cli.run("sync", "--job", demo.job.toString(), "--db-url", url, "--max-transfer",
                budgetK + "K", "--json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(7);
        assertThat(first.out()).contains("stopped at --max-transfer").contains("left for the next run").contains(" STOPPED in ");
        long bytes = JSON.readTree(first.lastLine()).get("bytesCopied").asLong();
        // The budget, overshot by at most what the three workers had in flight when it ran out (a
        // worker learns the run's total at each chunk of 20: two chunks of audio and sidecar each).
        assertThat(bytes).isGreaterThanOrEqualTo(budgetK * 1024).isLessThan(budgetK * 1024 + 3 * 2 * 20 * 2 * largest);
        assertWholeAndPartial();

        long t0 = System.nanoTime();
        CliRun.Result second = cli.run("sync", "--job", demo.job.toString(), "--db-url", url, "--max-duration", "8s",
                "--bwlimit", "256k", "--json");
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(second.exit()).as(second.toString()).isEqualTo(7);
        assertThat(second.out()).contains("Resumed plan").contains("stopped at --max-duration 8s")
                .doesNotContain("--max-transfer");
        // The manager's deadline, plus what each worker had in flight at 256 KiB/s.
        assertThat(took).as("seconds until the run ended").isLessThan(8 + 12);
        assertThat(JSON.readTree(second.lastLine()).get("copied").asLong()).isPositive();
        assertWholeAndPartial();

        CliRun.Result third = cli.run("sync", "--job", demo.job.toString(), "--db-url", url, "--json");
        assertThat(third.exit()).as(third.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).hasSize(2000).isEqualTo(Trees.hashes(demo.siteA));
        long copied = 0;
        for (CliRun.Result r : List.of(first, second, third)) {
            copied += JSON.readTree(r.lastLine()).get("copied").asLong();
        }
        assertThat(copied).as("each recording copied once over the three runs").isEqualTo(1000);
        var history = JSON.readTree(cli.run("history", "--db-url", url, "--format", "json").out());
        assertThat(java.util.stream.IntStream.range(0, 3).mapToObj(i -> history.get(i).get("status").asText()).toList())
                .containsExactly("COMPLETED", "STOPPED", "STOPPED");
    }

    /**
     * A worker whose own job file points the target at another place (the NAS not mounted on its
     * host: an empty directory) copies nothing there: each partition it takes fails naming the site
     * and the fix, and the run ends failed instead of its manifest claiming copies the target lacks.
     */
    @Test
    void aWorkerThatSeesAnotherArchiveAtASiteCopiesNothingAndTheRunSaysSo() throws Exception {
        Path unmounted = Files.createDirectories(demo.dir.resolve("mnt-not-mounted"));
        Path elsewhere = demo.dir.resolve("job-w1.yml");
        Files.writeString(elsewhere, Files.readString(demo.job).replace("root: ./site-b", "root: ./mnt-not-mounted"));
        assertThat(Files.readString(elsewhere)).contains("mnt-not-mounted");
        Process w1 = child(tmp.resolve("w1.log"), "worker", "--db-url", url, "--job", elsewhere.toString(), "--name",
                "w1", "--poll-interval", "200ms");

        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
        assertThat(run.exit()).as(run.toString()).isEqualTo(io.recsync.sync.ExitCode.REFUSED.code());
        System.out.println("WorkersIT, a worker seeing another archive at site-b:\n" + run);
        assertThat(run.out() + run.err()).as(run.toString()).contains("worker w1: site 'site-b'")
                .contains("lacks .recsync/site-id").contains("Fix this host's profile for 'site-b'");
        try (var files = Files.walk(unmounted)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("nothing written to the wrong place").isEmpty();
        }
        assertThat(CrashIT.wavCount(demo.siteB)).isZero();
        assertThat(query("SELECT COUNT(*) AS n FROM transfer_item WHERE status = 'DONE'")).containsEntry("n", 0L);

        // The host's profile fixed (here: a worker with the right job file), the next run completes.
        w1.destroy();
        assertThat(w1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        worker("w2");
        awaitLive("w2");
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).hasSize(2000).isEqualTo(Trees.hashes(demo.siteA));
    }

    private void awaitLive(String worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (cli.run("workers", "--db-url", url).out().lines().anyMatch(l -> l.startsWith(worker + " ") && l.contains(" live "))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(worker + " did not start: " + cli.run("workers", "--db-url", url));
    }

    private void assertWholeAndPartial() {
        Map<String, String> there = Trees.hashes(demo.siteB);
        Map<String, String> source = Trees.hashes(demo.siteA);
        assertThat(there).isNotEmpty().hasSizeLessThan(source.size());
        there.forEach((path, sha) -> assertThat(source).containsEntry(path, sha));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();
    }

    /** With no worker up, the run ends (exit 1, saying to start one) instead of waiting for ever; then resumes. */
    @Test
    void aRunWithNoLiveWorkerEndsAndTheNextResumes() throws Exception {
        CliRun.Result alone = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
        assertThat(alone.exit()).as(alone.toString()).isEqualTo(1);
        assertThat(alone.err()).contains("no live worker served job 'demo' for 3s; start one");
        assertThat(alone.out()).as("the run's message is the reason, not the framework's")
                .contains("[exit 1] - transfer:partition").contains("no live worker served job 'demo'")
                .doesNotContain("Partition handler returned an unsuccessful step");
        assertThat(CrashIT.wavCount(demo.siteB)).isZero();

        worker("w1");
        awaitLive("w1");
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--db-url", url);
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.out()).contains("Resumed plan");
        assertThat(Trees.hashes(demo.siteB)).hasSize(2000).isEqualTo(Trees.hashes(demo.siteA));
    }

    private static long alreadyPresent(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) already present").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private Process worker(String name) throws IOException {
        return child(tmp.resolve(name + ".log"), "worker", "--db-url", url, "--job", demo.job.toString(), "--name", name,
                "--poll-interval", "200ms");
    }

    private Process child(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("RECSYNC_HOME", tmp.resolve("home").toString());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private long doneBy(String worker) throws Exception {
        if (!tableExists()) {
            return 0;
        }
        return query("SELECT COUNT(*) AS n FROM transfer_item WHERE worker = '" + worker + "'").get("n");
    }

    private boolean working(String worker) throws Exception {
        return query("SELECT COUNT(*) AS n FROM recsync_worker WHERE worker_id = '" + worker
                + "' AND step_execution_id IS NOT NULL").get("n") > 0;
    }

    private boolean tableExists() throws Exception {
        return query("SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 'transfer_item' "
                + "AND column_name = 'worker'").get("n") > 0;
    }

    private Map<String, Long> query(String sql) throws Exception {
        return PostgresServer.firstRow(url, sql);
    }

    static String log(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
