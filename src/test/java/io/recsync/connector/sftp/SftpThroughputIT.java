package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough numbers on loopback, printed as THROUGHPUT lines (bounds are only sanity): 100 recordings
 * of 1 MiB and 1000 sidecars of 10 KB, each a verified put, then read back and hashed. A warm-up
 * round runs first: the first hundred puts of a JVM are slower while the JIT compiles. Loopback
 * has no latency, so this measures the client and the server, not a WAN; on a WAN each put costs
 * about nine round trips (see SftpSession) plus the bytes.
 */
class SftpThroughputIT {

    @TempDir
    static Path work;
    static OpenSshServer openSsh;

    @BeforeAll
    static void start() throws Exception {
        openSsh = OpenSshServer.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (openSsh != null) {
            openSsh.close();
        }
    }

    private static byte[][] data(int count, int size) {
        byte[][] d = new byte[count][];
        for (int i = 0; i < count; i++) {
            d[i] = new byte[size];
            new Random(i).nextBytes(d[i]);
        }
        return d;
    }

    /** Puts then reads back {@code data} with {@code threads} threads; prints and returns put MiB/s. */
    private static double run(String label, SftpConnector c, byte[][] data, int threads, boolean print) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                int n = i;
                done.add(pool.submit(() -> c.put(StoragePath.of(label + "/f" + n + ".wav"), new ByteArrayInputStream(data[n]),
                        data[n].length, Sha256.of(data[n]), WriteMode.CREATE_NEW)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long t1 = System.nanoTime();
            done.clear();
            for (int i = 0; i < data.length; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    try (InputStream in = c.open(StoragePath.of(label + "/f" + n + ".wav"))) {
                        assertThat(Sha256.of(in).sha256()).isEqualTo(Sha256.of(data[n]));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long t2 = System.nanoTime();
            double mib = data.length * (double) data[0].length / (1 << 20);
            double putRate = mib / ((t1 - t0) / 1e9);
            if (print) {
                System.out.printf("THROUGHPUT %-18s %4d x %7d B, %d thread(s): put %6.1f MiB/s = %6.1f files/s;"
                        + " read+hash %6.1f MiB/s; sessions opened %d%n", label, data.length, data[0].length, threads,
                        putRate, data.length / ((t1 - t0) / 1e9), mib / ((t2 - t1) / 1e9), c.sessionsOpened());
            }
            return putRate;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void measure(String server, Map<String, Object> profile) throws Exception {
        byte[][] recordings = data(100, 1024 * 1024);
        byte[][] sidecars = data(1000, 10_000);
        profile.put("maxSessions", 4);
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            run(server + "-warmup", c, recordings, 1, false);
            assertThat(run(server + "-1MiB-seq", c, recordings, 1, true)).isGreaterThan(1);
            assertThat(run(server + "-1MiB-par", c, recordings, 4, true)).isGreaterThan(1);
            assertThat(run(server + "-10KB-par", c, sidecars, 4, true)).isGreaterThan(0.1);
        }
    }

    /** Real OpenSSH only: MINA in the test's own JVM competes for the same two cores and says little. */
    @Test
    void openSshLoopback() throws Exception {
        measure("openssh", SftpProfiles.openSsh(openSsh, Files.createDirectories(openSsh.root().resolve("perf"))));
    }
}
