package io.recsync.sync;

import io.recsync.config.SiteDefinition;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.store.SiteStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The checks that stop a run before it acts on the wrong storage. An unmounted NAS looks like an
 * empty directory, a typo in a bucket prefix like an empty archive: copying "everything missing"
 * into it, or planning from its empty manifest, is the wrong thing to do quietly.
 * <ul>
 *   <li>Sentinel: the first time recsync uses a writable site it writes {@code .recsync/site-id}
 *       (a random id) into the root and remembers it. Later runs refuse a site whose root lacks
 *       it, or holds a different one.
 *   <li>Shrink: a scanned source that holds more than {@code maxShrink} fewer recordings than at
 *       its last scan is refused.
 * </ul>
 * Both stop the run with {@link SafetyRailException} unless the operator passed {@code --force}.
 */
final class SiteGuard {

    static final StoragePath SENTINEL = StoragePath.of(".recsync/site-id");
    /** A scanned source may lose at most this fraction of its recordings between runs. */
    static final double DEFAULT_MAX_SHRINK = 0.10;

    private final SiteStore sites;
    private final boolean force;
    private final boolean mayWrite;
    private final java.util.function.Consumer<String> warn;

    /**
     * @param mayWrite false for a dry run: check, never write the sentinel
     */
    SiteGuard(SiteStore sites, boolean force, boolean mayWrite, java.util.function.Consumer<String> warn) {
        this.sites = sites;
        this.force = force;
        this.mayWrite = mayWrite;
        this.warn = warn;
    }

    /** Checks (and on first use writes) the site's sentinel. */
    void checkSentinel(SiteDefinition site, Connector connector, long siteId) {
        Optional<String> found = readSentinel(connector);
        Optional<String> known = sites.siteUid(siteId);
        String where = "site '" + site.name() + "' (" + connector.describe() + ")";
        if (found.isPresent()) {
            if (known.isPresent() && !known.get().equals(found.get())) {
                if (!force) {
                    throw new SafetyRailException(where + " holds site-id " + found.get() + " in " + SENTINEL
                            + ", but this job last saw " + known.get() + " there: a different archive is at this"
                            + " location (another mount, bucket or root). Check the profile's root; if the archive"
                            + " really moved here, rerun with --force to adopt it. Nothing was copied.");
                }
                warn.accept(where + ": adopted site-id " + found.get() + " in place of " + known.get()
                        + " (--force); what it holds is scanned afresh");
                if (mayWrite) {
                    sites.forgetContents(siteId);
                }
            }
            if (mayWrite) {
                sites.setSiteUid(siteId, found.get());
            }
            return;
        }
        if (known.isPresent() && !force) {
            throw new SafetyRailException(where + ": the root lacks " + SENTINEL + ", which recsync wrote there when it"
                    + " first used the site. An unmounted NAS, an emptied bucket or a wrong root looks like this."
                    + " Mount the share or fix the profile's root, then rerun; if the archive was deliberately"
                    + " rebuilt, rerun with --force. Nothing was copied.");
        }
        if (site.readOnly() || !mayWrite) {
            return; // never written: a read-only site is guarded by the shrink check alone
        }
        if (known.isPresent()) {
            // Whatever recsync knew the site held may be gone with the old root: look again.
            warn.accept(where + ": the root lacked " + SENTINEL + "; wrote a new one and scans the site afresh (--force)");
            sites.forgetContents(siteId);
        }
        sites.setSiteUid(siteId, writeSentinel(connector));
    }

    /**
     * Refuses a scanned source that shrank by more than the allowed fraction since its last scan.
     *
     * @param seen recordings this scan found
     */
    void checkShrink(SiteDefinition site, Connector connector, long siteId, long seen) {
        OptionalLong last = sites.lastScanCount(siteId);
        if (last.isPresent() && last.getAsLong() > 0) {
            long before = last.getAsLong();
            double lost = (before - seen) / (double) before;
            if (lost > DEFAULT_MAX_SHRINK) {
                String what = "site '" + site.name() + "' (" + connector.describe() + ") now holds " + seen
                        + " recordings, " + before + " at its last scan (" + Math.round(lost * 100) + "% fewer; at most "
                        + Math.round(DEFAULT_MAX_SHRINK * 100) + "% is accepted)";
                if (!force) {
                    throw new SafetyRailException(what + ". A half-mounted share or a wrong root looks like this."
                            + " Check the site; if recordings were really removed there, rerun with --force."
                            + " Nothing was copied.");
                }
                warn.accept(what + "; accepted (--force)");
            }
        }
        if (mayWrite) {
            sites.setLastScanCount(siteId, seen);
        }
    }

    /**
     * Refuses a recorder's manifest file that now lists more than the allowed fraction fewer
     * recordings than when it was last read (a recorder that rewrote it from an empty disk).
     */
    void checkManifestShrink(SiteDefinition site, String manifest, OptionalLong before, long now) {
        if (before.isEmpty() || before.getAsLong() == 0) {
            return;
        }
        double lost = (before.getAsLong() - now) / (double) before.getAsLong();
        if (lost > DEFAULT_MAX_SHRINK) {
            String what = "site '" + site.name() + "': manifest " + manifest + " now lists " + now + " recordings, "
                    + before.getAsLong() + " when last read (" + Math.round(lost * 100) + "% fewer; at most "
                    + Math.round(DEFAULT_MAX_SHRINK * 100) + "% is accepted)";
            if (!force) {
                throw new SafetyRailException(what + ". A recorder that lost its disk writes manifests like this."
                        + " Check the recorder; if recordings were really removed, rerun with --force. Nothing was copied.");
            }
            warn.accept(what + "; accepted (--force)");
        }
    }

    /**
     * A worker, before it copies a partition: each site the partition reads or writes must hold,
     * through this host's connector, the site-id the manager's refresh found (or wrote) there. A
     * worker's own job file and profiles are its host's view of the sites; one that points a site
     * elsewhere (a share not mounted on that host, another bucket or root) would otherwise copy and
     * verify recordings into the wrong place while the manager's manifest says the site has them.
     * A site never given a sentinel (a read-only source) is not checked: reading the wrong place
     * fails its items as missing, which the run reports.
     */
    static void checkAsWorker(String siteName, Connector connector, Optional<String> known, String worker) {
        if (known.isEmpty()) {
            return;
        }
        Optional<String> found = readSentinel(connector);
        if (found.isPresent() && found.get().equals(known.get())) {
            return;
        }
        throw new SafetyRailException("worker " + worker + ": site '" + siteName + "' (" + connector.describe() + ") "
                + (found.isEmpty() ? "lacks " + SENTINEL : "holds site-id " + found.get() + " in " + SENTINEL)
                + ", but the manager's run found site-id " + known.get() + " there: this worker's job file or"
                + " profile points the site at another location (a share not mounted on this host, another bucket"
                + " or root). Fix this host's profile for '" + siteName + "' (`recsync sites check --job FILE` on"
                + " it), then rerun. This worker copied nothing of the partition.");
    }

    private static Optional<String> readSentinel(Connector connector) {
        Optional<ObjectInfo> info = connector.find(SENTINEL);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = connector.open(SENTINEL)) {
            return Optional.of(new String(in.readNBytes(200), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + SENTINEL + " at " + connector.describe(), e);
        }
    }

    private static String writeSentinel(Connector connector) {
        String uid = UUID.randomUUID().toString();
        byte[] bytes = (uid + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            connector.put(SENTINEL, new ByteArrayInputStream(bytes), bytes.length, Sha256.of(bytes), WriteMode.CREATE_NEW);
            return uid;
        } catch (AlreadyExistsException raced) {
            // Another job sharing the site wrote it in the meantime: that one is the site's identity.
            return readSentinel(connector).orElseThrow(() -> raced);
        }
    }
}
