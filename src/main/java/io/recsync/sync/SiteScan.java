package io.recsync.sync;

import io.recsync.connector.Connector;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.ManifestEntry;
import io.recsync.manifest.ManifestProblem;
import io.recsync.manifest.PathTemplate;
import io.recsync.manifest.Recording;
import io.recsync.manifest.SiteScanner;
import io.recsync.store.ConflictRecord;
import io.recsync.store.IndexByAudioPath;
import io.recsync.store.JdbcChecksumCache;
import io.recsync.store.ManifestIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One scan of a site into the manifest index, in batches, through the database checksum cache. */
final class SiteScan {

    private static final int BATCH = 1000;

    private final SyncSession session;
    private final ManifestIndex index;
    private final long siteId;
    private final String site;
    private final Connector connector;
    private final String template;
    private final boolean full;
    private List<ManifestIndex.AlteredCopy> altered;
    private IndexByAudioPath byPath;
    /** Recordings of the batch being filled that the index already holds exactly, by id. */
    private final java.util.Map<java.util.UUID, Recording> known = new java.util.HashMap<>();

    SiteScan(SyncSession session, ManifestIndex index, long siteId, String site, Connector connector, String template,
            boolean full) {
        this.session = session;
        this.index = index;
        this.siteId = siteId;
        this.site = site;
        this.connector = connector;
        this.template = template;
        this.full = full;
    }

    /**
     * @param problems receives every file that could not be turned into a recording
     * @param duplicates receives a conflict per UUID found twice with different content
     * @param altered receives each copy recsync placed that the scan found with other bytes
     * @return the number of valid recordings the scan found
     */
    long run(long refreshId, Consumer<ManifestProblem> problems, List<ConflictRecord> duplicates,
            List<ManifestIndex.AlteredCopy> altered) {
        PathTemplate compiled = template == null ? null : PathTemplate.compile(template);
        // What the index lists for this site before the scan: recsync's copies and its own segments
        // there (read first by a full rescan), so audio that lost its sidecar is still known.
        SiteScanner scanner = new SiteScanner(site, connector, compiled, new JdbcChecksumCache(session.db().jdbc(), siteId),
                path -> index.findByAudioPath(siteId, path.value()));
        long[] deferred = {0};
        if (!session.settle().isZero()) {
            scanner.deferYoungerThan(session.settle(), () -> {
                deferred[0]++;
                session.deferredOne();
            });
        }
        this.altered = altered;
        // A nightly lists the site in path order and reads the index alongside: a recording found
        // exactly as its row holds it costs no read of the index. A full rescan stamps every row,
        // so it reads each one as before.
        byPath = full ? null : index.byAudioPath(siteId);
        List<Recording> batch = new ArrayList<>(BATCH);
        long[] found = {0};
        scanner.scan(StoragePath.ROOT, full, entry -> {
            if (entry instanceof ManifestEntry.Valid v) {
                found[0]++;
                session.progress().scanned(site, found[0]);
                batch.add(v.recording());
                if (byPath != null && byPath.holds(v.recording())) {
                    known.put(v.recording().id(), v.recording());
                }
                if (batch.size() >= BATCH) {
                    flush(refreshId, batch, duplicates);
                }
            } else {
                problems.accept(((ManifestEntry.Invalid) entry).problem());
            }
        });
        flush(refreshId, batch, duplicates);
        // Left for the next scan, not lost: the shrink rail must not count them as gone.
        return found[0] + deferred[0];
    }

    private void flush(long refreshId, List<Recording> batch, List<ConflictRecord> duplicates) {
        if (batch.isEmpty()) {
            return;
        }
        ManifestIndex.UpsertResult r = index.upsert(siteId, refreshId, ManifestIndex.Origin.SCAN, batch, full, known);
        if (byPath != null && r.inserted() + r.updated() > 0) {
            // Rows read ahead may be older than what this batch wrote (a recording moved or listed
            // twice): later recordings are compared with the index as it is now.
            byPath.reread();
        }
        known.clear();
        for (ManifestIndex.Duplicate d : r.duplicates()) {
            duplicates.add(DuplicateConflicts.of(session.job().name(), site, d));
        }
        altered.addAll(r.alteredCopies());
        batch.clear();
    }
}
