package io.recsync.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/** What the tests' real server processes (sshd, smbd) share: the rule for a missing binary, a free loopback port, waiting for it. */
final class LocalDaemons {

    private LocalDaemons() {}

    /** Skips the calling test when the server is not installed, unless {@code CI=true}: then it fails. */
    static void requireInstalled(boolean installed, String message) {
        if (installed) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until {@code port} on 127.0.0.1 accepts a connection.
     *
     * @return false when it did not within {@code within}
     * @throws IOException when the process exited first, with what it printed
     */
    static boolean listens(Process process, int port, Duration within, String name, Log log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + log.read());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** The server's log so far. */
    @FunctionalInterface
    interface Log {
        String read() throws IOException;
    }
}
