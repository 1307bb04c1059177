package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.MinaSftpServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session pool, counted where it matters: at the server. */
class SftpSessionPoolIT {

    @TempDir
    static Path work;
    static MinaSftpServer mina;
    Path site;

    @BeforeAll
    static void start() throws Exception {
        mina = MinaSftpServer.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        mina.close();
    }

    @BeforeEach
    void quiet() throws Exception {
        site = Files.createTempDirectory(mina.root(), "pool");
        waitUntil(() -> mina.activeSessions() == 0);
        mina.resetCounters();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** {@code threads} threads start together and each puts {@code perThread} objects. */
    private void putConcurrently(SftpConnector c, int threads, int perThread, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = bytes(300_000, thread * 100L + i);
                        c.put(StoragePath.of(prefix + "/t" + thread + "/f" + i + ".wav"), new ByteArrayInputStream(data),
                                data.length, Sha256.of(data), WriteMode.CREATE_NEW);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightConcurrentWritersNeverOpenMoreThanMaxSessions() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, site);
        p.put("maxSessions", 4);
        try (SftpConnector c = SftpProfiles.connect(p)) {
            putConcurrently(c, 8, 5, "first");
            assertThat(mina.peakSessions()).isBetween(1, 4);
            assertThat(mina.sessionsCreated()).isBetween(1, 4);
            assertThat(c.sessionsOpened()).isEqualTo(mina.sessionsCreated());

            putConcurrently(c, 8, 5, "second"); // the same sessions carry the next chunk
            assertThat(mina.peakSessions()).isLessThanOrEqualTo(4);
            assertThat(c.sessionsOpened()).isLessThanOrEqualTo(4);
            assertThat(mina.sessionsCreated()).isLessThanOrEqualTo(4);
        }
        try (var files = Files.walk(site)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(80);
        }
        for (int t = 0; t < 8; t++) {
            assertThat(Files.readAllBytes(site.resolve("second/t" + t + "/f4.wav"))).isEqualTo(bytes(300_000, t * 100L + 4));
        }
        waitUntil(() -> mina.activeSessions() == 0); // close() hangs up every session
    }

    @Test
    void oneSessionServesEightWritersInTurn() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, site);
        p.put("maxSessions", 1);
        try (SftpConnector c = SftpProfiles.connect(p)) {
            putConcurrently(c, 8, 2, "one");
            assertThat(mina.peakSessions()).isEqualTo(1);
            assertThat(c.sessionsOpened()).isEqualTo(1);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
