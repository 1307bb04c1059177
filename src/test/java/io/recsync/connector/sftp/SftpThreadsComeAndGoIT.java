package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A job's steps run on different threads, and thread pools end between steps: a session must keep
 * working whichever thread uses it next. JSch's channel input pipe refuses data once the thread
 * that last read from it has ended ("Read end dead") and so broke the put's channel when an answer
 * came before the new thread's first read; seen as an intermittent "connection problem
 * (EOFException)" on the first put of a new thread pool.
 */
class SftpThreadsComeAndGoIT extends BothSftpServers {

    private static final int ROUNDS = 40;
    /** Without the fix, OpenSSH failed within the first 20-odd rounds (localhost answers in about 100 us). */
    private static final int CHECK_ROUNDS = 300;
    /** MINA answers each request some 40 ms late here (its Nagle wait): fewer rounds fit in the time. */
    private static final int CHECK_ROUNDS_MINA = 60;

    @Test
    void putsFromThreadsThatEndInTurnOnOpenSsh() throws Exception {
        putsFromThreadsThatEndInTurn(openSsh("threads"));
    }

    @Test
    void putsFromThreadsThatEndInTurnOnMina() throws Exception {
        putsFromThreadsThatEndInTurn(mina("threads"));
    }

    /**
     * The put channel is not the only one a thread pool shares: checking that a directory lies inside
     * the root (realpath) goes over VFS's channel, and JSch's realpath, unlike its other calls, does
     * not make the calling thread the reader of that channel's pipe first. When the thread that read
     * last had ended, an answer arriving before the new thread's first read killed the channel:
     * "connection problem (IOException: inputstream is closed)", seen on a manifest segment's put
     * after the transfer threads had ended (MultiSiteConvergenceIT). Each round's directory exists
     * and is new to the connector, so each new thread's first use of VFS's channel is that check.
     */
    @Test
    void directoryChecksFromThreadsThatEndInTurnOnOpenSsh() throws Exception {
        directoryChecksFromThreadsThatEndInTurn(openSsh("checks"), CHECK_ROUNDS);
    }

    @Test
    void directoryChecksFromThreadsThatEndInTurnOnMina() throws Exception {
        directoryChecksFromThreadsThatEndInTurn(mina("checks"), CHECK_ROUNDS_MINA);
    }

    private static void directoryChecksFromThreadsThatEndInTurn(Peer peer, int rounds) throws Exception {
        Map<String, Object> profile = new java.util.LinkedHashMap<>(peer.profile());
        profile.put("maxSessions", 1);
        for (int i = 0; i < rounds; i++) {
            Files.createDirectories(peer.site().resolve("m" + i + "/day"));
        }
        // Busy threads on every core: a thread is then often set aside right after sending, and the
        // answer is in before its first read, which is the failing order (on an idle machine the
        // reading thread nearly always wins the race).
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            Thread spinner = new Thread(() -> {
                long x = 0;
                while (busy.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "spinner-" + i);
            spinner.setDaemon(true);
            spinner.start();
            spinners.add(spinner);
        }
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            for (int i = 0; i < rounds; i++) {
                assertThat(putFromANewThread(c, "m" + i + "/day/call.wav", bytes(1_000, i)))
                        .as("put %d into an existing directory new to the run, from a new thread", i).isNull();
            }
        } finally {
            busy.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
        for (int i = 0; i < rounds; i++) {
            assertThat(Files.readAllBytes(peer.site().resolve("m" + i + "/day/call.wav"))).isEqualTo(bytes(1_000, i));
        }
    }

    private static void putsFromThreadsThatEndInTurn(Peer peer) throws Exception {
        Map<String, Object> profile = new java.util.LinkedHashMap<>(peer.profile());
        profile.put("maxSessions", 1);
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            for (int i = 0; i < ROUNDS; i++) {
                assertThat(putFromANewThread(c, "d" + i + "/call.wav", bytes(10_000, i))).as("put %d, from a new thread", i)
                        .isNull();
            }
        }
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(Files.readAllBytes(peer.site().resolve("d" + i + "/call.wav"))).isEqualTo(bytes(10_000, i));
        }
    }

    /** Puts {@code data} from a thread of its own that ends with the put; what it threw, or null. */
    private static Throwable putFromANewThread(SftpConnector c, String path, byte[] data) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                c.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "short-lived-" + path);
        t.start();
        t.join();
        return failed.get();
    }
}
