package io.recsync.it;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ForwardingConnector;
import io.recsync.connector.ConnectorFactory;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PutResult;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Test kind {@code killer}: wraps another kind (its {@code delegate} profile) and halts the whole
 * JVM abruptly ({@link Runtime#halt}: no shutdown hook, no finally, as abrupt as kill -9) at the
 * {@code haltAt}-th call (1-based, counted per process over every site using this kind) of the
 * operation {@code haltOn}:
 * <ul>
 * <li>{@code walk}, {@code open}: listing / reading a site (the refresh phase scans and hashes);
 * <li>{@code put}: a recording's put, halted when half of its bytes have been handed to the
 *     delegate, so a half-written temp file is left behind (the transfer phase);
 * <li>{@code statePut}: a put under {@code .recsync/manifest/}, halted half-way too (publish).
 * </ul>
 * Every completed put of a recording appends its byte count to the file {@code putLog}, which
 * survives the halt, so a test counts what reached the target across processes.
 * {@code slowPutMillis} sleeps before each recording put (time for a time-based kill).
 */
final class KillerConnectorFactory implements ConnectorFactory {

    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    private final ConnectorFactory delegate;

    KillerConnectorFactory(ConnectorFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return "killer";
    }

    @Override
    public Connector create(Settings settings) {
        settings.requireString("type");
        String haltOn = settings.optionalChoice("haltOn", "none", "none", "walk", "open", "put", "statePut");
        long haltAt = settings.optionalLong("haltAt", 1, 1, Long.MAX_VALUE);
        String putLog = settings.optionalString("putLog", null);
        long slow = settings.optionalLong("slowPutMillis", 0, 0, 60_000);
        Connector inner = ForwardingConnector.openDelegate(settings, delegate);
        settings.finish();
        return new Killer(inner, haltOn, haltAt, putLog == null ? null : Path.of(putLog), slow);
    }

    static void halt(String what) {
        System.err.println("KILLER: halting the JVM at " + what);
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }

    private static final class Killer extends ForwardingConnector {
        private final String haltOn;
        private final long haltAt;
        private final Path putLog;
        private final long slowMillis;

        Killer(Connector inner, String haltOn, long haltAt, Path putLog, long slowMillis) {
            super(inner);
            this.haltOn = haltOn;
            this.haltAt = haltAt;
            this.putLog = putLog;
            this.slowMillis = slowMillis;
        }


        private boolean hits(String op) {
            return op.equals(haltOn) && CALLS.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet() == haltAt;
        }

        @Override
        public String describe() {
            return "killer:" + inner.describe();
        }


        @Override
        public InputStream open(StoragePath path) {
            if (hits("open")) {
                halt("open #" + haltAt + " (" + path.value() + ")");
            }
            return inner.open(path);
        }

        @Override
        public Stream<ObjectInfo> walk(StoragePath prefix) {
            if (hits("walk")) {
                halt("walk #" + haltAt + " (" + prefix.value() + ")");
            }
            return inner.walk(prefix);
        }

        @Override
        public PutResult put(StoragePath path, InputStream data, long size, String sha256, WriteMode mode) {
            boolean state = path.value().startsWith(".recsync/");
            boolean manifest = path.value().startsWith(".recsync/manifest/");
            InputStream in = data;
            if ((!state && hits("put")) || (manifest && hits("statePut"))) {
                String what = (state ? "statePut #" : "put #") + haltAt + " (" + path.value() + ") half-way";
                in = new HaltHalfWay(data, size, what);
            }
            if (slowMillis > 0 && !state) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            PutResult r = inner.put(path, in, size, sha256, mode);
            if (!state && putLog != null) {
                synchronized (KillerConnectorFactory.class) {
                    try {
                        Files.writeString(putLog, size + " " + path.value() + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return r;
        }


    }

    /** Hands bytes on until half of {@code size} went through, then halts the JVM. */
    private static final class HaltHalfWay extends FilterInputStream {
        private final long half;
        private final String what;
        private long seen;

        HaltHalfWay(InputStream in, long size, String what) {
            super(in);
            this.half = Math.max(1, size / 2);
            this.what = what;
        }

        private void check() {
            if (seen >= half) {
                halt(what);
            }
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0) {
                seen++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = super.read(b, off, (int) Math.max(1, Math.min(len, half - seen > 0 ? half - seen : len)));
            if (n > 0) {
                seen += n;
            }
            return n;
        }
    }
}
