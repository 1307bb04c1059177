package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
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

    @Test
    void putsFromThreadsThatEndInTurnOnOpenSsh() throws Exception {
        putsFromThreadsThatEndInTurn(openSsh("threads"));
    }

    @Test
    void putsFromThreadsThatEndInTurnOnMina() throws Exception {
        putsFromThreadsThatEndInTurn(mina("threads"));
    }

    private static void putsFromThreadsThatEndInTurn(Peer peer) throws Exception {
        Map<String, Object> profile = new java.util.LinkedHashMap<>(peer.profile());
        profile.put("maxSessions", 1);
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            for (int i = 0; i < ROUNDS; i++) {
                int n = i;
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread t = new Thread(() -> {
                    try {
                        byte[] data = bytes(10_000, n);
                        c.put(StoragePath.of("d" + n + "/call.wav"), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                                WriteMode.CREATE_NEW);
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                }, "short-lived-" + i);
                t.start();
                t.join();
                assertThat(failed.get()).as("put %d, from a new thread", n).isNull();
            }
        }
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(Files.readAllBytes(peer.site().resolve("d" + i + "/call.wav"))).isEqualTo(bytes(10_000, i));
        }
    }
}
