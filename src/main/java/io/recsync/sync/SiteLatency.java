package io.recsync.sync;

import io.recsync.connector.Connector;
import io.recsync.connector.StorageException;
import java.time.Duration;

/**
 * How quickly a site answers: the best of a few stat calls on its sentinel, timed through the
 * site's own connector. A stat is the cheapest round trip every kind has (a local file lookup, an
 * SFTP/SMB request, an S3 HEAD) and it reads nothing, so measuring costs nothing worth noting;
 * the best of three keeps one slow answer (a cold connection, a GC pause) from counting.
 */
public final class SiteLatency {

    /** Ordered after every measured latency: a site that could not be timed is not preferred. */
    public static final Duration UNKNOWN = Duration.ofDays(1);

    private static final int TRIES = 3;

    private SiteLatency() {}

    public static Duration measure(Connector connector) {
        Duration best = UNKNOWN;
        for (int i = 0; i < TRIES; i++) {
            long start = System.nanoTime();
            try {
                connector.find(SiteGuard.SENTINEL);
            } catch (StorageException e) {
                // A failing site is not fast, and asking twice more could mean two more timeouts;
                // the run (or the check) reports the error where it uses the site.
                return UNKNOWN;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (took.compareTo(best) < 0) {
                best = took;
            }
        }
        return best;
    }

    /**
     * Whole milliseconds, the resolution at which two sources count as equally fast: below it
     * the difference is noise, and equal sources then fall back to a stable order (link name).
     */
    public static long millis(Duration latency) {
        return latency.toMillis();
    }

    /** For people: {@code 3 ms}, or {@code ?} when the site could not be timed. */
    public static String shown(Duration latency) {
        return latency.equals(UNKNOWN) ? "?" : millis(latency) + " ms";
    }
}
