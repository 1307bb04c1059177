package io.recsync.it;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ForwardingConnector;
import io.recsync.connector.ConnectorFactory;
import io.recsync.connector.PutResult;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test kind {@code faulty}: wraps another kind (its {@code delegate} profile) and injects what
 * links do: it counts completed puts, can fail every put from the K-th on (a link that goes down
 * and stays down until the test brings it back) and can slow puts down. Profile fields:
 * {@code delegate} (mapping), {@code fault} (name of the {@link Fault} a test controls),
 * {@code slowPutMillis}, {@code slowStatMillis} (a far or busy site: every stat, and so every
 * {@code find}, answers that much later; what the planner's latency measurement sees).
 */
final class FaultyConnectorFactory implements ConnectorFactory {

    /** Shared with the test by name: counters and the switch. */
    static final class Fault {
        /** Completed puts of recordings (audio and sidecars). */
        final AtomicLong puts = new AtomicLong();
        /** Completed puts of recsync's own files (manifest segments under .recsync/). */
        final AtomicLong statePuts = new AtomicLong();
        final AtomicLong attempts = new AtomicLong();
        volatile long failFromPut = Long.MAX_VALUE;
        /** The first recording put whose path ends so is refused for good (access denied), and so are its retries. */
        volatile String deniedSuffix;
        final java.util.concurrent.atomic.AtomicReference<String> deniedPath = new java.util.concurrent.atomic.AtomicReference<>();

        /** The first recording put whose path ends so fails as a dropped link would, and so do its retries, until {@link #restore()}. */
        volatile String flakySuffix;
        final java.util.concurrent.atomic.AtomicReference<String> flakyPath = new java.util.concurrent.atomic.AtomicReference<>();

        Fault flakyFirst(String suffix) {
            flakySuffix = suffix;
            return this;
        }

        Fault denyFirst(String suffix) {
            deniedSuffix = suffix;
            return this;
        }
        final AtomicBoolean linkUp = new AtomicBoolean(true);
        /** The next this many opens (reads) of recordings fail as a dropped link would (an audit reading a site). */
        final java.util.concurrent.atomic.AtomicInteger openFailures = new java.util.concurrent.atomic.AtomicInteger();
        /** The next this many manifest segment puts fail as a dropped link would. */
        final java.util.concurrent.atomic.AtomicInteger segmentFailures = new java.util.concurrent.atomic.AtomicInteger();
        /** Whether such a failure comes after the segment was published (its answer lost) rather than before. */
        volatile boolean segmentFailsAfterPublishing;
        /** Manifest segment put attempts, failed ones included. */
        final AtomicLong segmentAttempts = new AtomicLong();

        /** The link goes down at the K-th put attempt (1-based) and stays down until {@link #restore()}. */
        Fault downFrom(long k) {
            failFromPut = k;
            return this;
        }

        void restore() {
            failFromPut = Long.MAX_VALUE;
            flakySuffix = null;
            linkUp.set(true);
        }
    }

    private static final Map<String, Fault> FAULTS = new ConcurrentHashMap<>();

    static Fault fault(String name) {
        return FAULTS.computeIfAbsent(name, n -> new Fault());
    }

    private final ConnectorFactory delegate;

    FaultyConnectorFactory(ConnectorFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public String type() {
        return "faulty";
    }

    @Override
    public Connector create(Settings settings) {
        settings.requireString("type");
        Fault fault = fault(settings.optionalString("fault", "default"));
        long slow = settings.optionalLong("slowPutMillis", 0, 0, 60_000);
        long slowStat = settings.optionalLong("slowStatMillis", 0, 0, 60_000);
        Connector inner = ForwardingConnector.openDelegate(settings, delegate);
        settings.finish();
        return new Faulty(inner, fault, slow, slowStat);
    }

    private static final class Faulty extends ForwardingConnector {
        private final Fault fault;
        private final long slowMillis;
        private final long slowStatMillis;

        Faulty(Connector inner, Fault fault, long slowMillis, long slowStatMillis) {
            super(inner);
            this.fault = fault;
            this.slowMillis = slowMillis;
            this.slowStatMillis = slowStatMillis;
        }

        @Override
        public io.recsync.connector.ObjectInfo stat(StoragePath path) {
            pause(slowStatMillis);
            return inner.stat(path);
        }

        private static void pause(long millis) {
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String describe() {
            return "faulty:" + inner.describe();
        }

        @Override
        public InputStream open(StoragePath path) {
            if (!path.value().startsWith(".recsync/") && fault.openFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TransientStorageException("connection reset by peer (injected) reading " + path);
            }
            return inner.open(path);
        }




        @Override
        public PutResult put(StoragePath path, InputStream data, long size, String sha256, WriteMode mode) {
            String suffix = fault.deniedSuffix;
            if (suffix != null && path.value().endsWith(suffix) && !path.value().startsWith(".recsync/")) {
                fault.deniedPath.compareAndSet(null, path.value());
                if (path.value().equals(fault.deniedPath.get())) {
                    throw new io.recsync.connector.AccessDeniedException("permission denied (injected) writing " + path);
                }
            }
            String flaky = fault.flakySuffix;
            if (flaky != null && path.value().endsWith(flaky) && !path.value().startsWith(".recsync/")) {
                fault.flakyPath.compareAndSet(null, path.value());
                if (path.value().equals(fault.flakyPath.get())) {
                    throw new TransientStorageException("connection reset by peer (injected) writing " + path);
                }
            }
            if (path.value().startsWith(".recsync/manifest/")) {
                fault.segmentAttempts.incrementAndGet();
                if (fault.segmentFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    if (fault.segmentFailsAfterPublishing) {
                        inner.put(path, data, size, sha256, mode);
                    }
                    throw new TransientStorageException("connection problem (injected: IOException: inputstream is"
                            + " closed) writing " + path);
                }
            }
            long attempt = fault.attempts.incrementAndGet();
            if (attempt >= fault.failFromPut) {
                fault.linkUp.set(false);
                throw new TransientStorageException("connection reset by peer (injected) writing " + path);
            }
            pause(slowMillis);
            PutResult r = inner.put(path, data, size, sha256, mode);
            (path.value().startsWith(".recsync/") ? fault.statePuts : fault.puts).incrementAndGet();
            return r;
        }


    }
}
