package io.recsync.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A long link in user space (this kernel has no {@code netem}): a TCP proxy on 127.0.0.1 that
 * forwards every chunk it reads after a fixed delay, in order per direction, so 20 ms each way
 * makes a 40 ms round trip while the bandwidth stays the loopback's. Both tools of a row go through
 * the same proxy.
 *
 * <p>It counts <em>turns</em> per connection: a turn is a run of data in one direction that
 * follows data in the other (the first data on a connection is a turn too), so one request and its
 * response are two turns and a round trip costs two. Pipelined requests that leave before the
 * first answer arrives form one turn. Turns divided by files copied is the bench's round-trip
 * measure: over a long link every pair of turns costs a round trip unless other connections fill
 * the wait. Tests count the turns of one operation through it (SftpRoundTripsIT); the bench
 * (src/bench) runs both tools through it.
 */
public final class DelayProxy implements AutoCloseable {

    private static final byte[] EOF = new byte[0];

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long delayNanos;
    private final AtomicLong turns = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    public DelayProxy(String host, int port, long delayMillis) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.delayNanos = delayMillis * 1_000_000L;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "delay-proxy-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Counters so far: turns, connections accepted, bytes forwarded (both directions). */
    public record Counts(long turns, long connections, long bytes) {
        public Counts minus(Counts o) {
            return new Counts(turns - o.turns, connections - o.connections, bytes - o.bytes);
        }
    }

    public Counts counts() {
        return new Counts(turns.get(), connections.get(), bytes.get());
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket up = new Socket();
                up.setTcpNoDelay(true);
                up.connect(upstream, 10_000);
                connections.incrementAndGet();
                Connection c = new Connection(client, up);
                c.pump(client, up, 0);
                c.pump(up, client, 1);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("delay proxy: " + e);
                }
            }
        }
    }

    /** One proxied connection: the direction data last went, for counting turns. */
    private final class Connection {
        private final Socket a;
        private final Socket b;
        private int lastDirection = -1;
        private int finished;

        Connection(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        /** Both directions ended (or one failed): the connection goes. */
        private synchronized void finished(boolean failed) {
            if (++finished == 2 || failed) {
                closeQuietly(a);
                closeQuietly(b);
            }
        }

        private synchronized void arrived(int direction) {
            if (direction != lastDirection) {
                lastDirection = direction;
                turns.incrementAndGet();
            }
        }

        /** A reader that stamps each chunk and a writer that sends it once its delay is over. */
        void pump(Socket from, Socket to, int direction) {
            BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[64 << 10];
                try {
                    // Not closed here: closing a socket's stream closes the socket, which the other
                    // direction still writes to.
                    InputStream in = from.getInputStream();
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        arrived(direction);
                        bytes.addAndGet(n);
                        queue.put(new Object[] {System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)});
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection ended
                }
                queue.add(new Object[] {System.nanoTime() + delayNanos, EOF});
            }, "delay-proxy-read");
            Thread writer = new Thread(() -> {
                boolean failed = true;
                try {
                    OutputStream out = to.getOutputStream();
                    while (true) {
                        Object[] item = queue.take();
                        long wait = (long) item[0] - System.nanoTime();
                        while (wait > 0) {
                            LockSupport.parkNanos(wait);
                            wait = (long) item[0] - System.nanoTime();
                        }
                        byte[] data = (byte[]) item[1];
                        if (data == EOF) {
                            if (!to.isClosed()) {
                                to.shutdownOutput();
                            }
                            failed = false;
                            break;
                        }
                        out.write(data);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the other side went away
                } finally {
                    finished(failed);
                }
            }, "delay-proxy-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
