package io.recsync.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay's faults and counters, against an echo server: what the link-fault tests rely on. */
@Timeout(20)
class FaultProxyTest {

    ServerSocket echo;
    FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread e = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the relay closed it
                        }
                    });
                    e.setDaemon(true);
                    e.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void countsOpenAndPeakConnectionsAndBytes() throws Exception {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = connect();
            roundTrip(s, 100);
            clients.add(s);
        }
        assertThat(proxy.openConnections()).isEqualTo(3);
        assertThat(proxy.peakConnections()).isEqualTo(3);
        assertThat(proxy.bytesToServer()).isEqualTo(300);
        assertThat(proxy.bytesToClient()).isEqualTo(300);
        for (Socket s : clients) {
            s.close();
        }
        awaitOpen(0);
        assertThat(proxy.peakConnections()).isEqualTo(3);
        assertThat(proxy.acceptedConnections()).isEqualTo(3);
    }

    @Test
    void cutsEveryConnectionAfterNBytesAndLetsNewOnesThrough() throws Exception {
        Socket a = connect();
        Socket b = connect();
        awaitOpen(2);
        proxy.cutAfter(1500); // 1000 out + 500 of the echo back
        roundTrip(a, 1000, 500);
        assertClosed(a);
        assertClosed(b);
        assertThat(proxy.cuts()).isEqualTo(1);
        awaitOpen(0);
        Socket c = connect();
        roundTrip(c, 5000);
        c.close();
    }

    @Test
    void refusesNewConnectionsForAWhile() throws Exception {
        proxy.refuseFor(Duration.ofSeconds(30), FaultProxy.Refusal.RESET);
        try (Socket s = connect()) {
            assertClosed(s);
        }
        assertThat(proxy.acceptedConnections()).isZero();
        proxy.refuseFor(Duration.ZERO, FaultProxy.Refusal.RESET);
        try (Socket s = connect()) {
            roundTrip(s, 10);
        }
    }

    @Test
    void slowsToTheRate() throws Exception {
        proxy.slowTo(100_000);
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            roundTrip(s, 30_000); // 60,000 bytes through the relay at 100,000 B/s
            assertThat((System.nanoTime() - t0) / 1e9).isGreaterThan(0.4);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static void roundTrip(Socket s, int n) throws IOException {
        roundTrip(s, n, n);
    }

    /** Sends n bytes, reads {@code back} of them echoed. */
    private static void roundTrip(Socket s, int n, int back) throws IOException {
        s.getOutputStream().write(new byte[n]);
        s.getOutputStream().flush();
        assertThat(s.getInputStream().readNBytes(back)).hasSize(back);
    }

    /** The far end closed it: end of stream, or a reset. */
    private static void assertClosed(Socket s) {
        int r;
        try {
            r = s.getInputStream().read();
        } catch (IOException reset) {
            r = -1;
        }
        assertThat(r).isEqualTo(-1);
    }

    private void awaitOpen(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (proxy.openConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(proxy.openConnections()).isEqualTo(n);
    }
}
