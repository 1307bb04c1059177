package io.recsync.manifest;

import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a site's manifest by walking its storage: pairs each audio file (wav, mp3, ogg, opus, gsm,
 * flac; any case) with its sidecar {@code <base>.json}, takes the identity from the sidecar or the
 * path template, and hashes only what the {@link ChecksumCache} does not already know.
 *
 * <p>Work is done in batches of {@code batchSize} files (at most one cache lookup and one store
 * each; none for files an {@linkplain ChecksumCache#ordered ordered read} of the cache matched as
 * the walk listed them, which is every unchanged file when the walk lists in path order), and
 * memory stays bounded whatever the site's size: see {@link SidecarPairing} for how audio waits
 * for its sidecar. Files under {@code .recsync/} and unfinished temp objects are skipped.
 */
public final class SiteScanner {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_MAX_WAITING = 100_000;

    private final String site;
    private final Connector connector;
    private final PathTemplate template;
    private final ChecksumCache cache;
    private final KnownPlacements known;
    private final int batchSize;
    private final int maxWaiting;
    /** When the scan reads: a file modified close before that is not remembered ({@link CachedChecksum#RACY}). */
    private final java.time.Clock clock;
    private java.time.Duration settle = java.time.Duration.ZERO;
    private Runnable onDeferred = () -> {};

    /**
     * @param site the site's name, used in problem sources ({@code <site>:<path>})
     * @param template how paths spell identity, null for sites whose sidecars say everything
     * @param cache this site's checksum cache
     */
    public SiteScanner(String site, Connector connector, PathTemplate template, ChecksumCache cache) {
        this(site, connector, template, cache, KnownPlacements.NONE);
    }

    /** @param known what recsync knows it placed on the site: identifies audio whose sidecar is gone */
    public SiteScanner(String site, Connector connector, PathTemplate template, ChecksumCache cache, KnownPlacements known) {
        this(site, connector, template, cache, known, DEFAULT_BATCH_SIZE, DEFAULT_MAX_WAITING, java.time.Clock.systemUTC());
    }

    private SiteScanner(String site, Connector connector, PathTemplate template, ChecksumCache cache,
            KnownPlacements known, int batchSize, int maxWaiting, java.time.Clock clock) {
        if (batchSize < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("batchSize and maxWaiting must be >= 1, got " + batchSize + " and " + maxWaiting);
        }
        this.site = site;
        this.connector = connector;
        this.template = template;
        this.cache = cache;
        this.known = known;
        this.batchSize = batchSize;
        this.maxWaiting = maxWaiting;
        this.clock = clock;
    }

    /**
     * The same scanner with other limits.
     *
     * @param batchSize files per cache round trip
     * @param maxWaiting files that may wait for their partner before the storage is asked
     */
    public SiteScanner withLimits(int batchSize, int maxWaiting) {
        return new SiteScanner(site, connector, template, cache, known, batchSize, maxWaiting, clock);
    }

    /**
     * Leaves out each recording whose audio or sidecar was modified less than {@code settle} before
     * the scan reached it: a recorder may still be writing it (a continuous service runs seconds
     * after a file appears). The next scan takes it. A modification time further in the future
     * than {@code settle} is the storage's clock being ahead, not a write in progress: taken.
     *
     * @param onDeferred called once per recording left out
     */
    public SiteScanner deferYoungerThan(java.time.Duration settle, Runnable onDeferred) {
        this.settle = settle;
        this.onDeferred = onDeferred;
        return this;
    }

    private boolean young(ObjectInfo info, java.time.Instant now) {
        java.time.Instant m = info.modified();
        return m != null && m.isAfter(now.minus(settle)) && !m.isAfter(now.plus(settle));
    }

    /** The same scanner reading as if at {@code clock}'s time (tests: files just written, scanned later). */
    public SiteScanner withClock(java.time.Clock clock) {
        return new SiteScanner(site, connector, template, cache, known, batchSize, maxWaiting, clock);
    }

    /**
     * Walks {@code prefix} and hands every recording found, or the problem that kept a file from
     * being one, to {@code sink}, in no particular order.
     *
     * @param rehash read every file even if the cache knows it (and trust no storage-reported
     *     checksum): the operator's full resync, which is how bit rot is found
     * @throws io.recsync.connector.TransientStorageException when the storage fails in a way a
     *     retry may cure; hashes of completed batches are already in the cache
     */
    public ScanStats scan(StoragePath prefix, boolean rehash, Consumer<ManifestEntry> sink) {
        ScanCounters counters = new ScanCounters();
        ScanBatch batch = new ScanBatch(site, connector, cache, rehash, new RecordingResolver(site, template, known), counters, sink,
                clock);
        SidecarPairing pairing = new SidecarPairing(connector, maxWaiting);
        Batcher batcher = new Batcher(batch);
        // A rehash trusts no cache; otherwise unchanged files are matched as the walk lists them.
        ChecksumCache.Ordered ordered = rehash ? null : cache.ordered();
        try (Stream<ObjectInfo> walk = connector.walk(prefix)) {
            Iterator<ObjectInfo> it = walk.iterator();
            while (it.hasNext()) {
                ObjectInfo info = it.next();
                counters.filesSeen++;
                switch (ScanFileKind.of(info.path())) {
                    case IGNORED -> counters.ignored++;
                    case OTHER -> counters.otherFiles++;
                    case AUDIO -> pairing.audio(info, ordered == null ? null : ordered.next(info), batcher);
                    case SIDECAR -> {
                        counters.sidecarsSeen++;
                        pairing.sidecar(info, ordered == null ? null : ordered.next(info), batcher);
                    }
                }
            }
        }
        pairing.finish(batcher);
        batcher.flush();
        return counters.toStats(pairing.pairedSidecars());
    }

    /** Collects pairs until a batch holds {@code batchSize} files. */
    private final class Batcher implements Consumer<SidecarPairing.Unit> {
        private final ScanBatch batch;
        private final List<SidecarPairing.Unit> units = new ArrayList<>();
        private int files;

        Batcher(ScanBatch batch) {
            this.batch = batch;
        }

        @Override
        public void accept(SidecarPairing.Unit unit) {
            if (!settle.isZero()) {
                java.time.Instant now = clock.instant();
                if (young(unit.audio(), now) || (unit.sidecar() != null && young(unit.sidecar(), now))) {
                    onDeferred.run();
                    return;
                }
            }
            units.add(unit);
            files += unit.sidecar() == null ? 1 : 2;
            if (files >= batchSize) {
                flush();
            }
        }

        void flush() {
            if (!units.isEmpty()) {
                batch.run(units);
                units.clear();
                files = 0;
            }
        }
    }
}
