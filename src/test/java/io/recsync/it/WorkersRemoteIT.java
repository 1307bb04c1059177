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
 * archive to an SFTP site on real OpenSSH and an S3 site on s3proxy at once; one worker is killed
 * with SIGKILL mid-run. The run still completes, and each target holds every recording exactly
 * once, read back through its own connector and compared with the source by SHA-256.
 */
class WorkersRemoteIT {

    private static final int RECORDINGS = 300;

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
    void aWorkerKilledMidRunToSftpAndS3LeavesEveryRecordingAtEachTargetOnce() throws Exception {
        url = postgres.freshDatabase("wr");
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(14, 0.5, 2.0).generate(seed, RECORDINGS);
        try (SiteKind.OnServer sftp = (SiteKind.OnServer) SftpSiteKinds.openSsh(tmp.resolve("ssh"));
                SiteKind.OnServer s3 = (SiteKind.OnServer) S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            String sftpSite = sftp.newSite("dr-sftp");
            String s3Site = s3.newSite("dr-s3");
            Map<String, String> env = new HashMap<>(sftp.env());
            env.putAll(s3.env());
            Path job = tmp.resolve("remote.yml");
            // Small chunks, one copy at a time per worker: the copying takes seconds, so the kill lands mid-run.
            Files.writeString(job, new JobYaml("remote").site("a", "{ type: local, root: \"" + seed + "\" }")
                    .site("b", sftpSite).site("c", s3Site)
                    .withLinks("links:\n  - { from: a, to: b }\n  - { from: a, to: c }\n")
                    .replaceAll("(?s)transfer:.*", "transfer:\n  chunkSize: 10\n  parallel: 1\n"
                            + "workers:\n  enabled: true\n  partitionSize: 50\n  heartbeatLimit: 3s\n"));
            CliRun cli = new CliRun(tmp.resolve("home"));
            env.forEach(cli::env);

            long start = System.nanoTime();
            List<Process> workers = List.of(worker(job, env, "w1"), worker(job, env, "w2"), worker(job, env, "w3"));
            CompletableFuture<CliRun.Result> manager = CompletableFuture.supplyAsync(
                    () -> cli.run("sync", "--job", job.toString(), "--db-url", url));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !(doneBy("w1") >= 10 && working("w1"))) {
                Thread.sleep(20);
            }
            assertThat(doneBy("w1")).as("w1 copied before it is killed").isGreaterThanOrEqualTo(10);
            workers.get(0).destroyForcibly(); // SIGKILL
            assertThat(workers.get(0).waitFor(10, TimeUnit.SECONDS)).isTrue();
            long w1Done = doneBy("w1");

            CliRun.Result run = manager.get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).as(run.toString()).contains((2 * RECORDINGS) + " planned").contains(" 0 failed");
            assertThat(run.err()).as(run.toString()).contains("handed to another worker");
            assertThat(doneBy("w1")).isEqualTo(w1Done);

            // Each target: every recording (audio and sidecar), once, read back through its own connector.
            Map<String, String> source = Trees.hashes(seed);
            assertThat(source).hasSize(2 * RECORDINGS);
            assertThat(SiteContents.hashes(sftpSite, env)).as("SFTP target read back").isEqualTo(source);
            assertThat(SiteContents.hashes(s3Site, env)).as("S3 target read back").isEqualTo(source);
            // ... and nothing else on their disks: no second copy under another name, no temp object, no open upload.
            assertThat(Trees.hashes(sftp.directory("dr-sftp"))).isEqualTo(source);
            assertThat(sftp.tempObjects()).isZero();
            assertThat(s3.tempObjects()).isZero();
            assertThat(s3.openUploads()).isEmpty();

            // Each item finished once, by one worker, in this one run.
            Map<String, Long> q = query("SELECT COUNT(*) AS items, COUNT(DISTINCT recording_id) AS recordings, "
                    + "SUM(CASE WHEN status = 'DONE' THEN 1 ELSE 0 END) AS done, COUNT(DISTINCT finished_execution_id) AS runs,"
                    + " SUM(CASE WHEN worker IS NULL THEN 1 ELSE 0 END) AS nobody FROM transfer_item");
            assertThat(q).containsEntry("items", 2L * RECORDINGS).containsEntry("recordings", (long) RECORDINGS)
                    .containsEntry("done", 2L * RECORDINGS).containsEntry("runs", 1L).containsEntry("nobody", 0L);
            System.out.printf("WorkersRemoteIT: %d recordings to SFTP (OpenSSH) and S3 (s3proxy), w1 killed after %d item(s), "
                    + "run %.1f s:%n%s", RECORDINGS, w1Done, seconds, run.out());
        }
    }

    private Process worker(Path job, Map<String, String> env, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), io.recsync.cli.RecsyncMain.class.getName(),
                "worker", "--db-url", url, "--job", job.toString(), "--name", name, "--poll-interval", "200ms"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("RECSYNC_HOME", tmp.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        children.add(p);
        return p;
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
