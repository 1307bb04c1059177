package io.recsync.sync;

import io.recsync.config.ManifestSource;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.ManifestEntry;
import io.recsync.manifest.ManifestException;
import io.recsync.manifest.ManifestFormat;
import io.recsync.manifest.ManifestProblem;
import io.recsync.manifest.ManifestReader;
import io.recsync.manifest.ManifestSegments;
import io.recsync.store.ConflictRecord;
import io.recsync.store.FullProofStore;
import io.recsync.store.ManifestFileStore;
import io.recsync.store.ManifestIndex;
import io.recsync.store.SiteStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Step 1: brings each site's rows in the manifest index up to date, reading only what changed.
 * <ul>
 *   <li>recsync's own segments on the site ({@code .recsync/manifest/}): new ones only;
 *   <li>a {@code file} source: the recorder's manifest file(s), when changed;
 *   <li>a scan: on every run for a scanned source (its recorder adds files), on first contact
 *       with a target (a new site joining: what is already there is recognised, not copied
 *       again), and on `resync`; files whose path, size and mtime are known are not read.
 * </ul>
 * Bad lines are collected: they stop the run before anything is copied unless the operator
 * asked to skip them, and then each one is reported. A file at a site that is no link's source
 * (a target only) that cannot be identified is a warning instead: nothing is copied from there,
 * so it cannot make a copy wrong, and recsync leaves it as it is.
 *
 * <p>A full rescan (resync) first reads recsync's own segments on each site, so that it knows
 * every copy it placed there by path, id and checksum even when the state database is new: a copy
 * whose sidecar was deleted is still identified (and the sidecar planned again), and a copy whose
 * bytes changed since recsync verified it is a {@code COPY_ALTERED} conflict, never replaced.
 * Each target whose full scan completes is recorded as proven in full by this run.
 */
public final class ManifestRefresher {

    private static final int BATCH = 1000;
    private static final int KEEP_PROBLEMS = 50;

    private final SyncSession session;
    private final ManifestIndex index;
    private final ManifestFileStore files;
    private final SiteStore siteStore;
    private final List<ManifestProblem> problems = new ArrayList<>();
    private long problemCount;
    private final List<ConflictRecord> duplicates = new ArrayList<>();
    private final List<AlteredAt> altered = new ArrayList<>();
    private final FullProofStore proofs;
    private SiteGuard guard;

    /** A copy found changed at a site. */
    private record AlteredAt(String site, ManifestIndex.AlteredCopy copy) {}

    public ManifestRefresher(SyncSession session) {
        this.session = session;
        this.index = session.index();
        this.files = new ManifestFileStore(session.db().jdbc());
        this.siteStore = session.siteStore();
        this.proofs = new FullProofStore(session.db().jdbc());
    }

    /**
     * @param refreshId identifies this refresh in the index (the execution id)
     * @param recordConflicts false for a dry run, which must leave no trace but the index
     */
    public void refreshAll(long refreshId, boolean recordConflicts) {
        boolean full = session.options().fullRescan();
        guard = new SiteGuard(siteStore, session.options().force(), recordConflicts, session::warn);
        // Every site is checked before any is read, so a refusal leaves the index as it was.
        for (SiteDefinition site : session.job().sites().values()) {
            guard.checkSentinel(site, session.sites().connector(site.name()), session.sites().id(site.name()));
        }
        for (SiteDefinition site : session.job().sites().values()) {
            refresh(site, refreshId, full, guard, recordConflicts);
        }
        // After every site is read, so the conflict can name a site that still holds the version
        // recsync verified (what `conflicts resolve --keep source` restores from).
        for (AlteredAt a : altered) {
            duplicates.add(AlteredCopies.conflict(session, a.site(), a.copy()));
        }
        if (recordConflicts && !duplicates.isEmpty()) {
            session.conflicts().record(refreshId, duplicates);
        }
        if (problemCount > 0) {
            List<String> lines = problems.stream().map(ManifestProblem::toString).toList();
            if (!session.options().skipInvalid()) {
                throw new InvalidInputException(problemCount + " invalid manifest line(s) or file(s); nothing was copied. "
                        + "First: " + lines.get(0) + (problemCount > 1 ? " (and " + (problemCount - 1) + " more, "
                        + "listed with --verbose)" : "") + ". Fix them, or rerun with --skip-invalid to copy the valid "
                        + "recordings and report each skipped line.", lines);
            }
            lines.forEach(l -> session.warn("skipped invalid entry: " + l));
            if (problemCount > problems.size()) {
                session.warn((problemCount - problems.size()) + " more invalid entries skipped");
            }
        }
    }

    public void refreshAll(long refreshId) {
        refreshAll(refreshId, true);
    }

    private void refresh(SiteDefinition site, long refreshId, boolean full, SiteGuard guard, boolean realRun) {
        String name = site.name();
        long siteId = session.sites().id(name);
        Connector connector = session.sites().connector(name);
        if (full) {
            files.forget(siteId);
        }
        readSegments(siteId, name, connector, refreshId, full);
        ManifestSource source = site.manifest();
        boolean isSource = session.job().links().stream().anyMatch(l -> l.from().equals(name));
        boolean isTarget = session.job().links().stream().anyMatch(l -> l.to().equals(name));
        // A target joining is scanned in full once, so what it already holds is recognised; a
        // source with a recorder's manifest is not: that manifest is its truth.
        boolean firstContact = isTarget && !siteStore.fullScanDone(siteId);
        if (source.kind() == ManifestSource.Kind.FILE) {
            readManifestFile(siteId, name, connector, StoragePath.of(source.path()), refreshId, full);
        }
        boolean scan = full || firstContact || (isSource && source.kind() == ManifestSource.Kind.SCAN);
        if (scan) {
            java.util.function.Consumer<ManifestProblem> sink = isSource ? this::problem
                    : p -> session.warn(name + " holds a file recsync did not place and cannot identify; left as it is "
                            + "(nothing is copied from a target): " + p);
            List<ManifestIndex.AlteredCopy> changed = new ArrayList<>();
            long found = new SiteScan(session, index, siteId, name, connector, source.template(), full)
                    .run(refreshId, sink, duplicates, changed);
            changed.forEach(c -> altered.add(new AlteredAt(name, c)));
            guard.checkShrink(site, connector, siteId, found);
            siteStore.markFullScanDone(siteId);
            if (full) {
                index.dropUnseen(siteId, refreshId, session.operatorFilter(), session.db().dialect());
                if (realRun && isTarget) {
                    proofs.record(refreshId, session.job().name(), name, java.time.Instant.now(),
                            io.recsync.config.FilterSummary.of(session.operatorFilter()));
                }
            }
        }
    }

    private void readSegments(long siteId, String site, Connector connector, long refreshId, boolean full) {
        List<ObjectInfo> segments;
        try (Stream<ObjectInfo> s = connector.walk(ManifestSegments.DIRECTORY)) {
            segments = s.filter(o -> ManifestSegments.isSegment(o.path())).sorted(java.util.Comparator.comparing(ObjectInfo::path))
                    .toList();
        }
        for (ObjectInfo seg : segments) {
            if (full) {
                // A full rescan trusts what the storage holds now, not what recsync once wrote there:
                // the segments are read under another stamp than the scan's, so a copy the scan does
                // not find is dropped and planned again. Read first, they tell the scan what recsync
                // placed at each path (by id and checksum), even if the state database is new.
                ingest(siteId, site, connector, seg, ManifestIndex.Origin.SEGMENT, -refreshId, false);
            } else if (!files.alreadyRead(siteId, seg.path().value(), seg.size(), seg.modified().toEpochMilli())) {
                ingest(siteId, site, connector, seg, ManifestIndex.Origin.SEGMENT, refreshId, false);
            }
        }
    }

    private void readManifestFile(long siteId, String site, Connector connector, StoragePath path, long refreshId,
            boolean touch) {
        List<ObjectInfo> manifests = new ArrayList<>();
        try {
            manifests.add(connector.stat(path));
        } catch (NotFoundException notAFile) {
            // A directory of manifest segments written by the recorder.
            try (Stream<ObjectInfo> s = connector.walk(path)) {
                s.filter(o -> isManifestName(o.path().name())).sorted(java.util.Comparator.comparing(ObjectInfo::path))
                        .forEach(manifests::add);
            }
            if (manifests.isEmpty()) {
                problem(new ManifestProblem(site + ":" + path, 0, "manifest.path",
                        "no manifest file or directory of manifests here; check the site's manifest.path"));
                return;
            }
        }
        for (ObjectInfo m : manifests) {
            if (!files.alreadyRead(siteId, m.path().value(), m.size(), m.modified().toEpochMilli())) {
                ingest(siteId, site, connector, m, ManifestIndex.Origin.FILE, refreshId, touch);
            }
        }
    }

    private void ingest(long siteId, String site, Connector connector, ObjectInfo file, ManifestIndex.Origin origin,
            long refreshId, boolean touch) {
        String name = file.path().name();
        String source = site + ":" + file.path();
        long before = problemCount;
        java.time.Instant readFrom = java.time.Instant.now();
        long entries = 0;
        List<io.recsync.manifest.Recording> batch = new ArrayList<>(BATCH);
        try (InputStream in = connector.open(file.path());
                ManifestReader reader = ManifestReader.open(in, source, ManifestFormat.fromFileName(name),
                        ManifestFormat.isGzip(name))) {
            for (ManifestEntry e = reader.next(); e != null; e = reader.next()) {
                if (e instanceof ManifestEntry.Valid v) {
                    entries++;
                    batch.add(v.recording());
                    if (batch.size() >= BATCH) {
                        upsert(siteId, site, refreshId, origin, batch, touch);
                    }
                } else if (e instanceof ManifestEntry.Removed gone) {
                    if (origin != ManifestIndex.Origin.SEGMENT) {
                        // A recorder's manifest lists what its site holds; only recsync removes what it placed.
                        problem(new ManifestProblem(source, gone.line(), "removed", "a removal line belongs in recsync's"
                                + " own segments (.recsync/manifest/), not in a site's manifest; list only what the site holds"));
                        continue;
                    }
                    // In order: what the earlier lines (and segments) said of this id is superseded.
                    upsert(siteId, site, refreshId, origin, batch, touch);
                    index.remove(siteId, List.of(gone.id()));
                } else {
                    problem(((ManifestEntry.Invalid) e).problem());
                }
            }
        } catch (ManifestException e) {
            problem(e.problem());
        } catch (IllegalArgumentException e) {
            problem(new ManifestProblem(source, 0, "file", e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading manifest " + source, e);
        }
        upsert(siteId, site, refreshId, origin, batch, touch);
        if (origin == ManifestIndex.Origin.FILE) {
            // Rows are only ever added to the index, so what this file listed before is still known;
            // the refusal stops the run before anything is planned from the shrunken file.
            guard.checkManifestShrink(session.job().site(site), source, files.previousEntries(siteId, file.path().value()),
                    entries);
        }
        // A recorder's manifest modified just before this read may be rewritten within the same
        // tick with the same size (see CachedChecksum.RACY): it is recorded with no modification
        // time, so the next refresh reads it again (its entry count still guards against shrinking).
        boolean settled = origin != ManifestIndex.Origin.FILE || io.recsync.manifest.CachedChecksum.settled(file.modified(), readFrom);
        if (problemCount == before) {
            // Only a file read cleanly is skipped next time: a fixed line must be read again.
            files.markRead(siteId, file.path().value(), file.size(), settled ? file.modified().toEpochMilli() : Long.MIN_VALUE,
                    origin == ManifestIndex.Origin.FILE ? entries : null);
        }
    }

    void upsert(long siteId, String site, long refreshId, ManifestIndex.Origin origin,
            List<io.recsync.manifest.Recording> batch, boolean touch) {
        if (batch.isEmpty()) {
            return;
        }
        ManifestIndex.UpsertResult r = index.upsert(siteId, refreshId, origin, batch, touch);
        for (ManifestIndex.Duplicate d : r.duplicates()) {
            duplicates.add(DuplicateConflicts.of(session.job().name(), site, d));
        }
        batch.clear();
    }

    void problem(ManifestProblem p) {
        problemCount++;
        if (problems.size() < (session.options().skipInvalid() ? 10_000 : KEEP_PROBLEMS)) {
            problems.add(p);
        }
    }

    private static boolean isManifestName(String name) {
        String n = name.toLowerCase();
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".csv") || n.endsWith(".csv.gz");
    }
}
