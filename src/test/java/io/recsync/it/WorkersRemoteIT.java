package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import io.recsync.peers.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manager and workers against remote targets (issue 14's kill test): a manager and three worker
 * JVMs (the real main, every shipped connector kind) on one embedded PostgreSQL copy a local
 * archive to an SFTP site on real OpenSSH and an S3 site on s3proxy at once, 2,000 recordings in two
 * runs of 1,000. In the first a worker is killed with SIGKILL: its partition is handed on and the
 * run completes. In the second the manager is killed with SIGKILL: the next `sync` completes it. Each target then holds every recording
 * exactly once, read back through its own connector and compared with the source by SHA-256.
 */
class WorkersRemoteIT {

    /** Recordings of each of the two runs: 2,000 in all, 4,000 items (two targets). */
    private static final int HALF = 1000;

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();
    private String url;

    @AfterEach
    void stopChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledWorkerAndAKilledManagerToSftpAndS3LeaveEveryRecordingAtEachTargetOnce() throws Exception {
        url = postgres.freshDatabase("wr");
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(14, 0.5, 2.0).generate(seed, HALF);
        try (SiteKind.OnServer sftp = (SiteKind.OnServer) SftpSiteKinds.openSsh(tmp.resolve("ssh"));
                SiteKind.OnServer s3 = (SiteKind.OnServer) S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            String sftpSite = sftp.newSite("dr-sftp");
            String s3Site = s3.newSite("dr-s3");
            Map<String, String> env = new HashMap<>(sftp.env());
            env.putAll(s3.env());
            Path job = tmp.resolve("remote.yml");
            // Small chunks, two copies at a time per worker: the copying takes a while, so the kills land mid-run.
            Files.writeString(job, new JobYaml("remote").site("a", "{ type: local, root: \"" + seed + "\" }")
                    .site("b", sftpSite).site("c", s3Site)
                    .withLinks("links:\n  - { from: a, to: b }\n  - { from: a, to: c }\n")
                    .replaceAll("(?s)transfer:.*", "transfer:\n  chunkSize: 20\n  parallel: 2\n"
                            + "workers:\n  enabled: true\n  partitionSize: 250\n  heartbeatLimit: 3s\n"));
            CliRun cli = new CliRun(tmp.resolve("home"));
            env.forEach(cli::env);

            // 1. A worker killed with SIGKILL mid-run: its partition is handed on and the run completes.
            long start = System.nanoTime();
            List<Process> workers = List.of(worker(env, job, "w1"), worker(env, job, "w2"), worker(env, job, "w3"));
            CompletableFuture<CliRun.Result> manager = CompletableFuture.supplyAsync(
                    () -> cli.run("sync", "--job", job.toString(), "--db-url", url));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && !(doneBy("w1") >= 20 && working("w1"))) {
                Thread.sleep(20);
            }
            assertThat(doneBy("w1")).as("w1 copied before it is killed").isGreaterThanOrEqualTo(20);
            workers.get(0).destroyForcibly(); // SIGKILL: its partition stays STARTED in the job repository
            assertThat(workers.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
            long w1Done = doneBy("w1");
            CliRun.Result run = manager.get(180, TimeUnit.SECONDS);
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).as(run.toString()).contains((2 * HALF) + " planned").contains(" 0 failed");
            assertThat(run.err()).as(run.toString()).contains("handed to another worker");
            assertThat(doneBy("w1")).isEqualTo(w1Done);
            assertEveryRecordingOnceAtEachTarget(seed, sftp, s3, sftpSite, s3Site, env);
            double first = (System.nanoTime() - start) / 1e9;

            // 2. The manager killed with SIGKILL mid-run (1,000 new recordings): the next `sync` completes the run.
            new ArchiveGenerator(15, 0.5, 2.0).generate(seed, HALF);
            start = System.nanoTime();
            Process killed = child(env, "manager", "sync", "--job", job.toString());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && done() < 2L * HALF + 2L * HALF * 4 / 10) {
                Thread.sleep(20);
            }
            assertThat(killed.isAlive()).as("the manager still waits for its partitions; %d done; its log:%n%s", done(),
                    WorkersIT.log(tmp.resolve("manager.log"))).isTrue();
            killed.destroyForcibly();
            assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long doneAtKill = done() - 2L * HALF;
            assertThat(doneAtKill).isLessThan(2L * HALF);
            CliRun.Result next = cli.run("sync", "--job", job.toString(), "--db-url", url);
            double second = (System.nanoTime() - start) / 1e9;
            assertThat(next.exit()).as(next.toString()).isZero();
            assertThat(next.err()).as(next.toString()).contains("had died mid-way; recovered it");
            assertThat(next.out()).as(next.toString()).contains("Resumed plan").contains(" 0 failed");
            assertEveryRecordingOnceAtEachTarget(seed, sftp, s3, sftpSite, s3Site, env);

            // Each item finished once, by a worker: in the first run, the killed manager's or the next one.
            Map<String, Long> q = query("SELECT COUNT(*) AS items, COUNT(DISTINCT recording_id) AS recordings, "
                    + "SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END) AS done, COUNT(DISTINCT finished_execution_id) AS runs,"
                    + " SUM(CASE WHEN worker IS NULL THEN 1 ELSE 0 END) AS nobody FROM transfer_item");
            assertThat(q).containsEntry("items", 4L * HALF).containsEntry("recordings", 2L * HALF)
                    .containsEntry("done", 4L * HALF).containsEntry("runs", 3L).containsEntry("nobody", 0L);
            System.out.printf("WorkersRemoteIT: %d recordings to SFTP (OpenSSH) and S3 (s3proxy), w1 killed after %d item(s):"
                    + " %.1f s%n%s%n%d more, the manager killed after %d item(s); %.1f s to the end of the next run:%n%s",
                    HALF, w1Done, first, run.out(), HALF, doneAtKill, second, next.out());
        }
    }

    /** Each target: every recording (audio and sidecar), once, read back through its own connector. */
    private void assertEveryRecordingOnceAtEachTarget(Path seed, SiteKind.OnServer sftp, SiteKind.OnServer s3,
            String sftpSite, String s3Site, Map<String, String> env) throws Exception {
        Map<String, String> source = Trees.hashes(seed);
        assertThat(SiteContents.hashes(sftpSite, env)).as("SFTP target read back").isEqualTo(source);
        assertThat(SiteContents.hashes(s3Site, env)).as("S3 target read back").isEqualTo(source);
        // ... and nothing else on their disks: no second copy under another name, no temp object, no open upload.
        assertThat(Trees.hashes(sftp.directory("dr-sftp"))).isEqualTo(source);
        assertThat(sftp.tempObjects()).isZero();
        assertThat(s3.tempObjects()).isZero();
        assertThat(s3.openUploads()).isEmpty();
    }

    private Process worker(Map<String, String> env, Path job, String name) throws IOException {
        return child(env, name, "worker", "--job", job.toString(), "--name", name, "--poll-interval", "200ms");
    }

    private Process child(Map<String, String> env, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), io.recsync.cli.RecsyncMain.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--db-url", url));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("RECSYNC_HOME", tmp.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private long done() throws Exception {
        if (query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'transfer_item'").get("n") == 0) {
            return 0;
        }
        return query("SELECT COUNT(*) AS n FROM transfer_item WHERE status = 'DONE'").get("n");
    }

    private long doneBy(String worker) throws Exception {
        if (query("SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 'transfer_item' "
                + "AND column_name = 'worker'").get("n") == 0) {
            return 0;
        }
        return query("SELECT COUNT(*) AS n FROM transfer_item WHERE worker = '" + worker + "'").get("n");
    }

    private boolean working(String worker) throws Exception {
        return query("SELECT COUNT(*) AS n FROM recsync_worker WHERE worker_id = '" + worker
                + "' AND step_execution_id IS NOT NULL").get("n") > 0;
    }

    private Map<String, Long> query(String sql) throws Exception {
        return PostgresServer.firstRow(url, sql);
    }
}
