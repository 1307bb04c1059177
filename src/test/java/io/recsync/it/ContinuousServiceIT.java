package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.cli.RecsyncMain;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.peers.OpenSshServer;
import io.recsync.peers.PromText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `recsync sync --continuous` as an operator runs it: a separate JVM (the jar's own main), a local
 * source a recorder writes into, a real OpenSSH server as the target, signals sent with
 * {@code kill -TERM} (Process.destroy), /health and /metrics read over HTTP.
 */
class ContinuousServiceIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** A recorder's way: audio streamed in pieces over ~0.3 s and closed, then its sidecar. */
    private static UUID record(RecorderSite site, Random random) throws Exception {
        UUID id = UUID.randomUUID();
        String base = RecorderSite.base(id, "acme", "support");
        Path audio = site.root.resolve(base + ".wav");
        Files.createDirectories(audio.getParent());
        byte[] piece = new byte[32 * 1024];
        try (OutputStream out = Files.newOutputStream(audio)) {
            for (int i = 0; i < 8; i++) {
                random.nextBytes(piece);
                out.write(piece);
                out.flush();
                Thread.sleep(40);
            }
        }
        Files.writeString(site.root.resolve(base + ".json"), "{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"" + RecorderSite.RECORDED + "\",\"version\":1}");
        return id;
    }

    private OpenSshServer openSsh() throws Exception {
        OpenSshServer.requireInstalled();
        OpenSshServer server = OpenSshServer.start(tmp.resolve("sshd"));
        servers.add(server);
        return server;
    }

    private static String sftpProfile(OpenSshServer server, Path dir) throws IOException {
        Files.createDirectories(dir);
        return "{ type: sftp, host: " + server.host() + ", port: " + server.port() + ", username: " + server.username()
                + ", privateKeyFile: \"" + server.clientKeyFile() + "\", root: \"" + dir.toAbsolutePath()
                + "\", knownHostsFile: \"" + server.knownHostsFile() + "\" }";
    }

    private Path job(String source, String target, String transfer) throws IOException {
        Path job = tmp.resolve("job.yml");
        Files.writeString(job, "name: live\nsites:\n"
                + "  hq:\n    connector: " + source + "\n    manifest:\n      source: scan\n"
                + "      template: \"{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}\"\n    mode: ro\n"
                + "  dr:\n    connector: " + target + "\n"
                + "links:\n  - { from: hq, to: dr }\n"
                + "transfer:\n" + transfer);
        return job;
    }

    /** The service in a JVM of its own, as the launcher runs it; its output goes to {@code service.log}. */
    private Process service(Path home, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("service.log").toFile()));
        pb.environment().put("RECSYNC_HOME", home.toString());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String log() throws IOException {
        Path log = tmp.resolve("service.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** /health's body once it answers, or null while the service is still starting. */
    private static HttpResponse<String> health(int port) {
        try {
            return get(port, "/health");
        } catch (Exception e) {
            return null;
        }
    }

    private void await(String what, Duration limit, BooleanSupplier done) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what + "\n--- service log\n" + log());
            }
            Thread.sleep(20);
        }
    }

    private List<PromText.Sample> scrape(int port) {
        try {
            return PromText.parse(get(port, "/metrics").body(), tmp);
        } catch (Exception e) {
            throw new AssertionError("GET /metrics", e);
        }
    }

    private static long completedCycles(int port) {
        HttpResponse<String> h = health(port);
        if (h == null) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"cyclesOk\":(\\d+)").matcher(h.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean arrived(Path target, UUID id) {
        String base = RecorderSite.base(id, "acme", "support");
        return Files.exists(target.resolve(base + ".wav")) && Files.exists(target.resolve(base + ".json"));
    }

    private static long cpuMillis(Process p) {
        return p.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    @Test
    void recordingsWrittenOneByOneReachAnSftpTargetWithinSecondsAndTheServiceIdlesQuietly() throws Exception {
        OpenSshServer server = openSsh();
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Path dr = tmp.resolve("served/dr");
        Path job = job(hq.connector(), sftpProfile(server, dr), "  chunkSize: 10\n  parallel: 2\n");
        Path home = tmp.resolve("home");
        int port = freePort();
        Process svc = service(home, RecsyncMain.class.getName(), "sync", "--job", job.toString(), "--continuous",
                "--listen", "127.0.0.1:" + port, "--interval", "2s", "--bwlimit", "08:00,40M 20:00,80M");
        await("the first cycle", Duration.ofSeconds(60), () -> completedCycles(port) >= 1);

        // (e) /health: 200, the lock held, the last cycle; /metrics: the Prometheus text format.
        HttpResponse<String> h = get(port, "/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(h.body()).contains("\"status\":\"UP\"", "\"lockHeld\":true", "\"job\":\"live\"", "\"trigger\":\"start\"");
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        // Parsed by the Prometheus client library's text parser: the service's own meters and the
        // run meters a single run exports (the same registry; its counters add up over cycles).
        List<PromText.Sample> scraped = PromText.parse(metrics.body(), tmp);
        assertThat(PromText.sum(scraped, "recsync_service_cycles_total", Map.of("recsync_job", "live", "result", "completed")))
                .as(metrics.body()).isEqualTo(1);
        assertThat(PromText.sum(scraped, "recsync_service_up", Map.of("recsync_job", "live"))).isEqualTo(1);
        assertThat(PromText.sum(scraped, "recsync_service_healthy", Map.of("recsync_job", "live"))).isEqualTo(1);
        assertThat(scraped.stream().map(PromText.Sample::name).toList()).as("RecsyncMetrics.SERVICE lists what a service exports")
                .containsAll(io.recsync.report.RecsyncMetrics.SERVICE);
        assertThat(PromText.sum(scraped, "recsync_last_run_exit_code", Map.of("recsync_job", "live")))
                .as("the job's state after the cycle, as a run's textfile has it").isZero();
        assertThat(scraped).anyMatch(x -> x.name().equals("recsync_last_success_timestamp_seconds"));
        assertThat(scraped).as("Spring Batch's own observations of the cycle's job")
                .anyMatch(x -> x.name().startsWith("spring_batch_job"));
        assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);

        // (a) 20 recordings written 1 s apart, each timed from its sidecar's close to both files at the target.
        Map<UUID, Long> written = new ConcurrentHashMap<>();
        Map<UUID, Long> latencyMs = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Map.Entry<UUID, Long> e : written.entrySet()) {
                    if (!latencyMs.containsKey(e.getKey()) && arrived(dr, e.getKey())) {
                        latencyMs.put(e.getKey(), (System.nanoTime() - e.getValue()) / 1_000_000);
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        });
        watcher.start();
        Random random = new Random(13);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = record(hq, random);
            written.put(id, System.nanoTime());
            ids.add(id);
            Thread.sleep(1000);
        }
        await("all 20 recordings at the target", Duration.ofSeconds(60), () -> latencyMs.size() == 20);
        watcher.interrupt();
        List<Long> sorted = new ArrayList<>(latencyMs.values());
        Collections.sort(sorted);
        long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
        System.out.println("continuous replication latency (ms), in order written: "
                + ids.stream().map(latencyMs::get).toList() + "; median " + sorted.get(sorted.size() / 2) + ", p95 " + p95
                + ", max " + sorted.get(sorted.size() - 1));
        assertThat(p95).as("p95 latency, ms: %s", sorted).isLessThanOrEqualTo(10_000);
        // The bytes at the target are the recorder's, checksum for checksum.
        await("the target settles", Duration.ofSeconds(20), () -> Trees.hashes(dr).equals(Trees.hashes(hq.root)));
        assertThat(Trees.hashes(dr)).hasSize(40).isEqualTo(Trees.hashes(hq.root));
        assertThat(Trees.tempFiles(dr)).isZero();
        assertThat(log()).as("each cycle copies under the run's transfer window, as a timer's sync would")
                .containsPattern("Bandwidth limit --bwlimit \"08:00,40M 20:00,80M\": [48]0 MiB/s from ");

        // Idle: no change, no cycle, next to no CPU (measured over 20 s, several of the service's polls; waits block on a monitor).
        Thread.sleep(3000);
        long cyclesBefore = completedCycles(port);
        long cpuBefore = cpuMillis(svc);
        long t0 = System.nanoTime();
        Thread.sleep(20_000);
        long cpu = cpuMillis(svc) - cpuBefore;
        double wall = (System.nanoTime() - t0) / 1e6;
        System.out.printf("continuous service idle: %d ms CPU in %.0f ms wall (%.2f%% of one core); cycles %d -> %d%n",
                cpu, wall, 100.0 * cpu / wall, cyclesBefore, completedCycles(port));
        assertThat(completedCycles(port)).as("an idle service runs no cycle").isEqualTo(cyclesBefore);
        assertThat(100.0 * cpu / wall).as("idle CPU %").isLessThan(2.0);
        // A cycle that found something is in the history; idle time added none.
        assertThat(log()).contains("recsync live run");

        svc.destroy();
        assertThat(svc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(svc.exitValue()).as(log()).isZero();
    }

    @Test
    void theServiceSurvivesTheTargetGoingAwayForAMinuteAndDrainsTheBacklog() throws Exception {
        OpenSshServer server = openSsh();
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Path dr = tmp.resolve("served/dr");
        Path job = job(hq.connector(), sftpProfile(server, dr), "  chunkSize: 10\n  parallel: 2\n  attempts: 2\n"
                + "  initialBackoff: 500ms\n  maxBackoff: 4s\n  abortAfterConsecutiveFailures: 2\n");
        Path home = tmp.resolve("home");
        int port = freePort();
        Process svc = service(home, RecsyncMain.class.getName(), "sync", "--job", job.toString(), "--continuous",
                "--listen", "127.0.0.1:" + port);
        await("the first cycle", Duration.ofSeconds(60), () -> completedCycles(port) >= 1);
        Random random = new Random(7);
        UUID before = record(hq, random);
        await("a recording before the outage", Duration.ofSeconds(10), () -> arrived(dr, before));

        server.stop();
        long outageStart = System.nanoTime();
        List<UUID> during = new ArrayList<>();
        boolean sawDown = false;
        while (System.nanoTime() - outageStart < TimeUnit.SECONDS.toNanos(60)) {
            if (during.size() < 10 && System.nanoTime() - outageStart > TimeUnit.SECONDS.toNanos(5L * during.size())) {
                during.add(record(hq, random));
            }
            HttpResponse<String> h = health(port);
            assertThat(h).as("the service answers throughout the outage\n" + log()).isNotNull();
            if (h.statusCode() == 503) {
                assertThat(h.body()).contains("\"status\":\"DOWN\"", "\"result\":\"failed\"");
                sawDown = true;
            }
            assertThat(svc.isAlive()).as(log()).isTrue();
            Thread.sleep(250);
        }
        assertThat(sawDown).as("/health reports the target's outage with 503\n" + log()).isTrue();
        System.out.println("service log during the outage (first lines):\n" + log().lines().skip(4).limit(12)
                .collect(java.util.stream.Collectors.joining("\n")));
        assertThat(during).allSatisfy(id -> assertThat(arrived(dr, id)).isFalse());

        server.restart();
        long back = System.nanoTime();
        await("the backlog drains", Duration.ofSeconds(60), () -> during.stream().allMatch(id -> arrived(dr, id)));
        System.out.printf("after the target came back: backlog of %d recordings drained in %d ms%n", during.size(),
                (System.nanoTime() - back) / 1_000_000);
        await("/health recovers", Duration.ofSeconds(30), () -> {
            HttpResponse<String> h = health(port);
            return h != null && h.statusCode() == 200;
        });
        await("the target settles", Duration.ofSeconds(20), () -> Trees.hashes(dr).equals(Trees.hashes(hq.root)));
        assertThat(Trees.hashes(dr)).hasSize(22);
        Map<String, String> live = Map.of("recsync_job", "live");
        // Every recording the service copied, added up over its cycles; nothing owed any more.
        await("the metrics count every copy", Duration.ofSeconds(20),
                () -> PromText.sum(scrape(port), "recsync_copied_items_total", live) >= 1 + during.size());
        List<PromText.Sample> after = scrape(port);
        assertThat(PromText.sum(after, "recsync_backlog_items", live)).isZero();
        assertThat(PromText.sum(after, "recsync_service_cycles_total", Map.of("recsync_job", "live", "result", "failed")))
                .as("the cycles the outage failed").isGreaterThanOrEqualTo(1);
        svc.destroy();
        assertThat(svc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(svc.exitValue()).as(log()).isZero();
    }

    @Test
    void sigtermMidCopyStopsAfterTheChunkInFlightReleasesTheLockAndExits0() throws Exception {
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Random random = new Random(5);
        byte[] audio = new byte[64 * 1024];
        for (int i = 0; i < 60; i++) {
            UUID id = UUID.randomUUID();
            String base = RecorderSite.base(id, "acme", "support");
            Files.createDirectories(hq.root.resolve(base).getParent());
            random.nextBytes(audio);
            Files.write(hq.root.resolve(base + ".wav"), audio);
            Files.writeString(hq.root.resolve(base + ".json"), "{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"group\":"
                    + "\"support\",\"recordedAt\":\"" + RecorderSite.RECORDED + "\",\"version\":1}");
        }
        Path dr = Files.createDirectories(tmp.resolve("dr"));
        Path job = job(hq.connector(), "{ type: faulty, slowPutMillis: 60, delegate: { type: local, root: \"" + dr + "\" } }",
                "  chunkSize: 4\n  parallel: 2\n");
        Path home = tmp.resolve("home");
        int port = freePort();
        Process svc = service(home, ChildMain.class.getName(), "sync", "--job", job.toString(), "--continuous",
                "--listen", "127.0.0.1:" + port);
        await("copying has begun", Duration.ofSeconds(60), () -> {
            try {
                return CrashIT.wavCount(dr) >= 6;
            } catch (IOException e) {
                return false;
            }
        });

        // (d) The service holds the job's lock: a cron sync of the same job meanwhile exits 5.
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(home).kind(local).kind(new FaultyConnectorFactory(local));
        CliRun.Result locked = cli.run("sync", "--job", job.toString());
        assertThat(locked.exit()).as(locked.toString()).isEqualTo(5);
        assertThat(locked.err()).contains("another run of job 'live' is in progress; nothing done");

        svc.destroy(); // SIGTERM
        assertThat(svc.waitFor(30, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(svc.exitValue()).as(log()).isZero();
        assertThat(log()).contains("continuous replication of job 'live' stopped", "lock released");
        long copied = CrashIT.wavCount(dr);
        assertThat(copied).as("stopped mid-way").isLessThan(60);
        // No half-written file: no temp left, and every file visible at the target has the source's bytes.
        assertThat(Trees.tempFiles(dr)).isZero();
        Map<String, String> source = Trees.hashes(hq.root);
        Trees.hashes(dr).forEach((path, sha) -> assertThat(sha).as(path).isEqualTo(source.get(path)));

        // A recording arrives while the service is down; started again, the service finishes the
        // stopped cycle's plan (resumed, as any sync would) and then plans what arrived meanwhile.
        UUID late = record(hq, random);
        Process again = service(home, ChildMain.class.getName(), "sync", "--job", job.toString(), "--continuous",
                "--listen", "127.0.0.1:" + port);
        await("the stopped plan and the late recording at the target", Duration.ofSeconds(60),
                () -> arrived(dr, late) && Trees.hashes(dr).equals(Trees.hashes(hq.root)));
        assertThat(log()).contains("Resumed plan");
        again.destroy();
        assertThat(again.waitFor(30, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(again.exitValue()).as(log()).isZero();

        CliRun.Result history = cli.run("history", "--job", job.toString());
        assertThat(history.out()).contains("FAILED     1", "COMPLETED  0");
        CliRun.Result stopped = cli.run("report", "--run", "1");
        assertThat(stopped.out() + stopped.err()).as(stopped.toString()).contains("asked to stop");
        assertThat(log()).contains("asked to stop");
        // The lock is free again: a sync runs, and finds nothing left to do.
        CliRun.Result next = cli.run("sync", "--job", job.toString());
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.out()).contains(" 0 planned");
    }

    /**
     * A recorder that keeps a manifest directory: the audio alone starts no cycle (its manifest line
     * is what says it is complete); a new segment listing it does, and the recording is copied.
     */
    @Test
    void aNewManifestSegmentOfARecorderIsReplicatedAndAudioAloneWaitsForIt() throws Exception {
        Path hq = Files.createDirectories(tmp.resolve("hq/manifest"));
        Path dr = Files.createDirectories(tmp.resolve("dr"));
        Path job = tmp.resolve("job.yml");
        Files.writeString(job, "name: live\nsites:\n"
                + "  hq: { connector: { type: local, root: \"" + hq.getParent() + "\" }, manifest: { source: file, path: manifest },"
                + " mode: ro }\n"
                + "  dr: { connector: { type: local, root: \"" + dr + "\" } }\n"
                + "links:\n  - { from: hq, to: dr }\n");
        Random random = new Random(3);
        // The recorder's first segment is there before the service starts (an empty manifest
        // directory is refused as "no manifest here", as by any sync).
        String first = recordWithSegment(hq, 0, random);
        Path home = tmp.resolve("home");
        int port = freePort();
        service(home, ChildMain.class.getName(), "sync", "--job", job.toString(), "--continuous", "--listen",
                "127.0.0.1:" + port);
        await("the first cycle", Duration.ofSeconds(60), () -> completedCycles(port) >= 1);
        assertThat(log()).contains("hq: file events on " + hq);
        assertThat(dr.resolve(first)).exists();

        for (int n = 1; n <= 3; n++) {
            long cycles = completedCycles(port);
            String[] path = new String[1];
            long t0 = recordAudioThenSegment(hq, n, random, path, () -> {
                // Audio alone (not yet in the manifest) starts no cycle and is not copied.
                Thread.sleep(2000);
                assertThat(completedCycles(port)).as("audio not yet in the manifest starts no cycle").isEqualTo(cycles);
                assertThat(dr.resolve(path[0])).doesNotExist();
                return null;
            });
            await("the recording of segment " + n + " at the target", Duration.ofSeconds(10), () -> Files.exists(dr.resolve(path[0])));
            System.out.printf("manifest segment %d: recording at the target %d ms after the segment was written%n", n,
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(Files.readAllBytes(dr.resolve(path[0]))).isEqualTo(Files.readAllBytes(hq.getParent().resolve(path[0])));
            // The file lands before its cycle ends: wait for that cycle's end before the next round.
            await("the cycle of segment " + n + " ends", Duration.ofSeconds(10), () -> completedCycles(port) > cycles);
        }
    }

    private static String recordWithSegment(Path manifestDir, int n, Random random) throws Exception {
        String[] path = new String[1];
        recordAudioThenSegment(manifestDir, n, random, path, () -> null);
        return path[0];
    }

    /** Writes an audio file, runs {@code between}, then a manifest segment listing it; answers when the segment was written. */
    private static long recordAudioThenSegment(Path manifestDir, int n, Random random, String[] path,
            java.util.concurrent.Callable<Void> between) throws Exception {
        byte[] audio = new byte[50_000];
        random.nextBytes(audio);
        UUID id = UUID.randomUUID();
        path[0] = "acme/support/" + id + ".wav";
        Path root = manifestDir.getParent();
        Files.createDirectories(root.resolve("acme/support"));
        Files.write(root.resolve(path[0]), audio);
        between.call();
        long t0 = System.nanoTime();
        Files.writeString(manifestDir.resolve("segment-" + n + ".jsonl"), "{\"id\":\"" + id + "\",\"tenant\":\"acme\","
                + "\"group\":\"support\",\"recordedAt\":\"2026-11-20T14:03:11Z\",\"audio\":{\"path\":\"" + path[0]
                + "\",\"size\":" + audio.length + ",\"sha256\":\"" + io.recsync.connector.Sha256.of(audio)
                + "\"},\"version\":1}\n");
        return t0;
    }

    /** An SFTP source has no file events: its listing is polled at --interval, and a change starts a cycle. */
    @Test
    void aRemoteSourceIsPolledAtTheIntervalAndItsNewRecordingsReplicated() throws Exception {
        OpenSshServer server = openSsh();
        Path served = tmp.resolve("served/hq");
        RecorderSite hq = new RecorderSite("hq", served);
        Path dr = Files.createDirectories(tmp.resolve("dr"));
        Path job = job(sftpProfile(server, served), "{ type: local, root: \"" + dr + "\" }", "  chunkSize: 10\n");
        Path home = tmp.resolve("home");
        int port = freePort();
        service(home, RecsyncMain.class.getName(), "sync", "--job", job.toString(), "--continuous", "--listen",
                "127.0.0.1:" + port, "--interval", "1s");
        await("the first cycle", Duration.ofSeconds(60), () -> completedCycles(port) >= 1);
        assertThat(log()).contains("hq: sftp, listing polled every 1s");
        Thread.sleep(3000);
        assertThat(completedCycles(port)).as("an unchanged listing starts no cycle").isEqualTo(1);
        Random random = new Random(11);
        for (int n = 0; n < 3; n++) {
            UUID id = record(hq, random);
            long t0 = System.nanoTime();
            await("recording " + n + " from the SFTP source", Duration.ofSeconds(10), () -> arrived(dr, id));
            System.out.printf("polled SFTP source: recording %d at the target after %d ms%n", n,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        assertThat(Trees.hashes(dr)).isEqualTo(Trees.hashes(served));
    }

    /**
     * A long call streamed to disk for 8 s keeps the site busy past the debounce's 5 s limit, so a
     * cycle runs while the audio is still being written: it must leave that recording alone (not
     * copy half an audio file, which the next cycle would then find different at the source), and
     * copy it whole once it settled.
     */
    @Test
    void aRecordingStillBeingWrittenIsLeftUntilItSettledThenCopiedWhole() throws Exception {
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Path dr = Files.createDirectories(tmp.resolve("dr"));
        Path job = job(hq.connector(), "{ type: local, root: \"" + dr + "\" }", "  chunkSize: 10\n");
        Path home = tmp.resolve("home");
        int port = freePort();
        service(home, ChildMain.class.getName(), "sync", "--job", job.toString(), "--continuous", "--listen",
                "127.0.0.1:" + port);
        await("the first cycle", Duration.ofSeconds(60), () -> completedCycles(port) >= 1);

        UUID id = UUID.randomUUID();
        String base = RecorderSite.base(id, "acme", "support");
        Path audio = hq.root.resolve(base + ".wav");
        Files.createDirectories(audio.getParent());
        Random random = new Random(17);
        byte[] piece = new byte[16 * 1024];
        long cyclesBefore = completedCycles(port);
        try (OutputStream out = Files.newOutputStream(audio)) {
            for (int i = 0; i < 40; i++) {
                random.nextBytes(piece);
                out.write(piece);
                out.flush();
                Thread.sleep(200);
                assertThat(dr.resolve(base + ".wav")).as("a half-written recording is not copied").doesNotExist();
            }
        }
        assertThat(completedCycles(port)).as("cycles ran while the call was being written").isGreaterThan(cyclesBefore);
        Files.writeString(hq.root.resolve(base + ".json"), "{\"id\":\"" + id + "\",\"tenant\":\"acme\",\"group\":"
                + "\"support\",\"recordedAt\":\"" + RecorderSite.RECORDED + "\",\"version\":1}");
        await("the whole recording at the target", Duration.ofSeconds(10), () -> arrived(dr, id));
        await("the target settles", Duration.ofSeconds(10), () -> Trees.hashes(dr).equals(Trees.hashes(hq.root)));
        assertThat(log()).doesNotContain("new conflict:").doesNotContain("[exit 3]");
    }
}
