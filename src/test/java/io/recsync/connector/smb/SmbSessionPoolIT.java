package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connection pool, counted where it matters: smbd's processes, one per client connection. */
class SmbSessionPoolIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension();
    Path site;

    @BeforeEach
    void quiet() throws Exception {
        site = Files.createTempDirectory(samba.server().shareDirectory(SmbServer.SHARE), "pool");
        waitUntil(() -> samba.server().connections() == 0);
    }

    private SmbConnector connector(int maxConnections) {
        Map<String, Object> p = SmbProfiles.profile(samba.server(), SmbServer.SHARE, site);
        p.put("maxConnections", maxConnections);
        return SmbProfiles.connect(p);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void put(SmbConnector c, String name, byte[] data) {
        c.put(StoragePath.of(name), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
    }

    @Test
    void parallelTransfersShareAtMostMaxConnections() throws Exception {
        try (SmbConnector c = connector(3)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 4; i++) {
                            put(c, "t" + thread + "/f" + i + ".wav", bytes(200_000, thread * 10L + i));
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
            assertThat(c.sessionsOpened()).isBetween(1, 3);
            assertThat(samba.server().connections()).as("smbd processes serving this connector").isBetween(1, 3);
            try (InputStream in = c.open(StoragePath.of("t7/f3.wav"))) {
                assertThat(in.readAllBytes()).isEqualTo(bytes(200_000, 73));
            }
        }
        waitUntil(() -> samba.server().connections() == 0); // close() let every connection go
    }

    @Test
    void aConnectionTheServerDroppedWhileIdleIsReplacedWithoutAFailedCall() throws Exception {
        try (SmbConnector c = connector(2)) {
            put(c, "before.wav", bytes(1000, 1));
            assertThat(c.sessionsOpened()).isEqualTo(1);
            samba.server().dropConnections();
            waitUntil(() -> samba.server().connections() == 0);
            Thread.sleep(200); // the client's reader thread sees the connection close

            put(c, "after.wav", bytes(1000, 2)); // no exception: the dead idle session was never lent
            assertThat(c.sessionsOpened()).isEqualTo(2);
            assertThat(c.stat(StoragePath.of("after.wav")).size()).isEqualTo(1000);
        }
    }

    @Test
    void aReadStreamHoldsItsConnectionUntilClosed() throws Exception {
        try (SmbConnector c = connector(1)) {
            put(c, "r.wav", bytes(300_000, 3));
            InputStream in = c.open(StoragePath.of("r.wav"));
            Future<?> stat;
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                stat = other.submit(() -> c.stat(StoragePath.of("r.wav")));
                Thread.sleep(300);
                assertThat(stat.isDone()).as("the only connection is lent to the open stream").isFalse();
                assertThat(in.readAllBytes()).isEqualTo(bytes(300_000, 3));
                in.close();
                stat.get();
            } finally {
                other.shutdownNow();
            }
            assertThat(c.sessionsOpened()).isEqualTo(1);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
