package io.recsync.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a test server that breaks the link the ways real links
 * break, on the test's command:
 *
 * <ul>
 *   <li>{@link #cutAfter}: close every connection once N more bytes have passed (either way);
 *       {@link #cutEvery} re-arms itself for repeated cuts within one run;
 *   <li>{@link #refuseFor}: for a while, accept and close at once (a server that resets) or not
 *       accept at all (a dead host whose SYNs go unanswered once the backlog is full);
 *   <li>{@link #slowTo}: at most B bytes/s through the whole relay;
 *   <li>{@link #freeze}/{@link #thaw}: pass no byte but keep connections open (a silent far end).
 * </ul>
 *
 * It also counts what a test asserts at the server's side: connections open now, the peak open
 * at once (a client's pool size as the server sees it), connections accepted, bytes each way.
 */
public final class FaultProxy implements AutoCloseable {

    /** How refused connections are refused. */
    public enum Refusal {
        /** Accept, then close at once: the client sees a reset or EOF right away. */
        RESET,
        /** Do not accept: the client's connect or first read waits for its own timeout. */
        SILENT
    }

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong turns = new AtomicLong();
    private final Object cutLock = new Object();
    /** Bytes still allowed before the next cut; negative when no cut is armed. */
    private long cutBudget = -1;
    private long cutInterval;
    private int cutsLeft;
    private Duration refuseOnCut;
    private volatile long refuseUntilNanos;
    private volatile Refusal refusal = Refusal.RESET;
    private volatile ByteArrayOutputStream recording;
    private volatile long bytesPerSecond;
    private long nextSendNanos;
    private volatile boolean frozen;
    private volatile boolean closed;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::acceptLoop, "proxy-accept-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    // ---- faults

    /** Closes every connection once {@code bytes} more bytes have passed, either way; once. */
    public void cutAfter(long bytes) {
        cutEvery(bytes, 1);
    }

    /** Closes every connection after each {@code bytes} more bytes, {@code times} times in all. */
    public void cutEvery(long bytes, int times) {
        synchronized (cutLock) {
            cutInterval = bytes;
            cutsLeft = times;
            cutBudget = times > 0 ? bytes : -1;
        }
    }

    /**
     * Cuts every connection once {@code bytes} more bytes have passed, and from then on refuses
     * new ones for {@code period}: a link that drops mid-transfer and stays down.
     */
    public void cutAfterThenRefuse(long bytes, Duration period, Refusal how) {
        synchronized (cutLock) {
            refuseOnCut = period;
            refusal = how;
            cutEvery(bytes, 1);
        }
    }

    /** Cuts that have happened so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Refuses new connections for {@code period}; connections already open are left alone. */
    public void refuseFor(Duration period, Refusal how) {
        refusal = how;
        refuseUntilNanos = System.nanoTime() + period.toNanos();
    }

    /** At most {@code bytesPerSecond} through the relay (both ways together); 0 lifts the limit. */
    public void slowTo(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** From now on no byte passes; connections stay open. */
    public void freeze() {
        frozen = true;
    }

    /** Drops every connection held (a frozen link finally reset) and passes bytes again. */
    public void thaw() {
        dropAll();
        frozen = false;
    }

    /** Closes every open connection now. */
    public void dropAll() {
        for (Link l : links) {
            l.close();
        }
    }

    // ---- counters

    /** Connections open through the relay now. */
    public int openConnections() {
        return open.get();
    }

    /** The most connections that were open at once since start or {@link #resetPeak}. */
    public int peakConnections() {
        return peak.get();
    }

    public void resetPeak() {
        peak.set(open.get());
    }

    /** Connections relayed to the server since start (refused ones not counted). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Turns relayed so far: a turn is a run of bytes in one direction that follows bytes in the
     * other on the same connection (its first bytes are one too), so one request and its answer
     * are two. What a long link charges a round trip for, counted at a real socket.
     */
    public long turns() {
        return turns.get();
    }

    public long bytesToServer() {
        return toServer.get();
    }

    public long bytesToClient() {
        return toClient.get();
    }

    /** From now on keeps the bytes sent to the server (what a test reads a request's headers from). */
    public void startRecordingToServer() {
        recording = new ByteArrayOutputStream();
    }

    /** The bytes sent to the server since {@link #startRecordingToServer}, as ISO-8859-1 text. */
    public String recordedToServer() {
        ByteArrayOutputStream r = recording;
        if (r == null) {
            throw new IllegalStateException("startRecordingToServer() was not called");
        }
        synchronized (r) {
            return r.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // ---- relay

    private boolean refusing() {
        return System.nanoTime() - refuseUntilNanos < 0;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                while (refusing() && refusal == Refusal.SILENT && !closed) {
                    Thread.sleep(5); // leave them in the backlog: connect may succeed, nothing answers
                }
                Socket client = listener.accept();
                if (refusing()) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(targetHost, targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                accepted.incrementAndGet();
                Link link = new Link(client, upstream);
                links.add(link);
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                pump(link, client, upstream, toServer, 1);
                pump(link, upstream, client, toClient, 2);
            } catch (IOException | InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, AtomicLong counter, int direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (frozen && !from.isClosed()) {
                        Thread.sleep(10);
                    }
                    throttle(n);
                    int pass = admit(n);
                    if (pass > 0) {
                        counter.addAndGet(pass); // before the write, so a reader that got them sees them counted
                        if (link.lastDirection.getAndSet(direction) != direction) {
                            turns.incrementAndGet();
                        }
                        ByteArrayOutputStream r = recording;
                        if (r != null && direction == 1) {
                            synchronized (r) {
                                r.write(buffer, 0, pass);
                            }
                        }
                        out.write(buffer, 0, pass);
                        out.flush();
                    }
                    if (pass < n) {
                        cutNow();
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the other side, a cut or thaw() closed it
            } finally {
                link.close();
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** How many of {@code n} bytes may pass before an armed cut; fewer than n means cut now. */
    private int admit(int n) {
        synchronized (cutLock) {
            if (cutBudget < 0) {
                return n;
            }
            if (n < cutBudget) {
                cutBudget -= n;
                return n;
            }
            int pass = (int) cutBudget;
            cutsLeft--;
            cutBudget = cutsLeft > 0 ? cutInterval : -1;
            return pass;
        }
    }

    private void cutNow() {
        Duration refuse;
        synchronized (cutLock) {
            refuse = refuseOnCut;
            refuseOnCut = null;
        }
        if (refuse != null) {
            refuseFor(refuse, refusal);
        }
        cuts.incrementAndGet();
        dropAll();
    }

    private void throttle(int n) throws InterruptedException {
        long rate = bytesPerSecond;
        if (rate <= 0) {
            return;
        }
        long sendAt; // when the last of these bytes would have crossed a link of that rate
        synchronized (this) {
            sendAt = Math.max(System.nanoTime(), nextSendNanos) + n * 1_000_000_000L / rate;
            nextSendNanos = sendAt;
        }
        long wait = sendAt - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicBoolean done = new AtomicBoolean();
        /** 0 before any byte, then the direction of the last bytes passed (1 to the server, 2 back). */
        final AtomicInteger lastDirection = new AtomicInteger();

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
            if (done.compareAndSet(false, true)) {
                links.remove(this);
                open.decrementAndGet();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        thaw();
    }
}
