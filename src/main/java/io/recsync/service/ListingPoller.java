package io.recsync.service;

import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A site without file events (SFTP, SMB, S3, or a local one that could not be watched) polled at
 * the service's interval: one listing, reduced to a fingerprint of every path, size and
 * modification time. Only a changed fingerprint asks for a cycle, so an idle remote site costs one
 * listing per interval and no run; the cycle's scan then reads only what changed (the ordered scan
 * merge skips rows the index already holds).
 */
final class ListingPoller implements AutoCloseable {

    private final String site;
    private final Supplier<Connector> opener;
    /** Prefix whose listing counts (a manifest's path); ROOT for a scanned site. */
    private final StoragePath prefix;
    private final boolean scanned;
    private Connector connector;
    private Long last;
    private String failure;

    ListingPoller(String site, Supplier<Connector> opener, StoragePath prefix, boolean scanned) {
        this.site = site;
        this.opener = opener;
        this.prefix = prefix;
        this.scanned = scanned;
    }

    String site() {
        return site;
    }

    /**
     * Lists the site; true when the listing differs from the previous poll's (the first poll only
     * records it: the cycle at start covers what was there).
     */
    boolean changed() {
        long fp;
        try {
            if (connector == null) {
                connector = opener.get();
            }
            fp = fingerprint();
            failure = null;
        } catch (RuntimeException e) {
            // Unreachable now: the cycles say so (and back off); polling goes on.
            failure = e.getMessage();
            closeConnector();
            return false;
        }
        boolean changed = last != null && last != fp;
        last = fp;
        return changed;
    }

    /** Why the last poll could not list the site, or null. */
    String failure() {
        return failure;
    }

    private long fingerprint() {
        if (!prefix.isRoot()) {
            // A recorder's manifest may be one file rather than a directory of segments.
            java.util.Optional<ObjectInfo> file = connector.find(prefix);
            if (file.isPresent()) {
                ObjectInfo o = file.get();
                return mix(o.size() * 31 + (o.modified() == null ? 0 : o.modified().toEpochMilli()));
            }
        }
        long sum = 0;
        long count = 0;
        try (Stream<ObjectInfo> all = connector.walk(prefix)) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) all::iterator) {
                String p = o.path().value();
                if (TempNames.isTemp(p) || (scanned && (p.equals(".recsync") || p.startsWith(".recsync/")))) {
                    continue;
                }
                long h = p.hashCode() * 0x9E3779B97F4A7C15L + o.size() * 31 + (o.modified() == null ? 0 : o.modified().toEpochMilli());
                sum += mix(h);
                count++;
            }
        }
        return mix(sum ^ count);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe51a2b37L;
        return z ^ (z >>> 33);
    }

    private void closeConnector() {
        if (connector != null) {
            try {
                connector.close();
            } catch (RuntimeException ignored) {
                // a broken connection is being dropped
            }
            connector = null;
        }
    }

    @Override
    public void close() {
        closeConnector();
    }
}
