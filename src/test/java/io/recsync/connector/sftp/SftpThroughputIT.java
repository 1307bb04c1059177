package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.MinaSftpServer;
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
 * Rough numbers on loopback (printed, loosely bounded): 100 recordings of 1 MiB, each verified put
 * and read back. Loopback hides latency, so these measure the client (JSch, hashing), not a WAN.
 */
class SftpThroughputIT {

    static final int FILES = 100;
    static final int SIZE = 1024 * 1024;

    @TempDir
    static Path work;
    static OpenSshServer openSsh;
    static MinaSftpServer mina;
    static byte[][] data = new byte[FILES][];

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < FILES; i++) {
            data[i] = new byte[SIZE];
            new Random(i).nextBytes(data[i]);
        }
        mina = MinaSftpServer.start(work.resolve("mina"));
        openSsh = OpenSshServer.installed() ? OpenSshServer.start(work.resolve("openssh")) : null;
    }

    @AfterAll
    static void stop() throws Exception {
        mina.close();
        if (openSsh != null) {
            openSsh.close();
        }
    }

    private static double run(String label, Map<String, Object> profile, int threads) throws Exception {
        profile.put("maxSessions", threads);
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            c.stat(StoragePath.ROOT.resolve("warm-up")); // not measured: connecting
        } catch (RuntimeException expected) {
            // NotFound: the session is open
        }
        double putRate;
        double readRate;
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                int n = i;
                done.add(pool.submit(() -> c.put(StoragePath.of(label + "/f" + n + ".wav"), new ByteArrayInputStream(data[n]),
                        SIZE, Sha256.of(data[n]), WriteMode.CREATE_NEW)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long t1 = System.nanoTime();
            done.clear();
            for (int i = 0; i < FILES; i++) {
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
            pool.shutdown();
            putRate = FILES * (double) SIZE / (1 << 20) / ((t1 - t0) / 1e9);
            readRate = FILES * (double) SIZE / (1 << 20) / ((t2 - t1) / 1e9);
            System.out.printf("THROUGHPUT %-22s threads=%d  put %6.1f MiB/s (%5.0f ms, %.1f files/s)  read+hash %6.1f MiB/s  sessions=%d%n",
                    label, threads, putRate, (t1 - t0) / 1e6, FILES / ((t1 - t0) / 1e9), readRate, c.sessionsOpened());
        }
        return putRate;
    }

    @Test
    void openSshLoopback() throws Exception {
        OpenSshServer.requireInstalled();
        Path a = Files.createDirectories(openSsh.root().resolve("seq"));
        Path b = Files.createDirectories(openSsh.root().resolve("par"));
        assertThat(run("openssh-1-thread", SftpProfiles.openSsh(openSsh, a), 1)).isGreaterThan(1);
        assertThat(run("openssh-4-threads", SftpProfiles.openSsh(openSsh, b), 4)).isGreaterThan(1);
    }

    @Test
    void minaLoopback() throws Exception {
        Path a = Files.createDirectories(mina.root().resolve("seq"));
        Path b = Files.createDirectories(mina.root().resolve("par"));
        assertThat(run("mina-1-thread", SftpProfiles.mina(mina, a), 1)).isGreaterThan(1);
        assertThat(run("mina-4-threads", SftpProfiles.mina(mina, b), 4)).isGreaterThan(1);
    }
}
