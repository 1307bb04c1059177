package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.config.ManifestSource;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.ServerSideChecksum;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.RecsyncOwnFiles;
import io.recsync.store.AuditStore;
import io.recsync.store.AuditStore.Finding;
import io.recsync.store.AuditStore.Item;
import io.recsync.store.PlacementEvidence;
import io.recsync.store.PlacementEvidence.Placement;
import io.recsync.store.SiteStore;
import io.recsync.store.StateDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One `recsync audit`: re-reads copies at the sites through their connectors and compares size and
 * SHA-256 with what recsync recorded as placed ({@link PlacementEvidence}); finds MISSING, TRUNCATED,
 * ALTERED and UNEXPECTED files; with repair, restores damaged and missing copies from a copy at
 * another site that it proves good first, keeping the damaged one in the site's quarantine. The
 * batch steps (io.recsync.job) are thin adapters over its methods: plan, check a chunk, look for
 * unexpected files, repair, summarize. Every method is safe to run again after a kill.
 */
public final class Audit implements AutoCloseable {

    public static final String MISSING = "MISSING";
    public static final String TRUNCATED = "TRUNCATED";
    public static final String ALTERED = "ALTERED";
    public static final String UNEXPECTED = "UNEXPECTED";
    public static final String NO_GOOD_COPY = "NO_GOOD_COPY";
    public static final String REPAIRED = "REPAIRED";

    private final JobDefinition job;
    private final AuditOptions options;
    private final StateDatabase db;
    private final SiteConnectors sites;
    private final AuditStore store;
    private final PlacementEvidence evidence;
    private final TransferLimits limits;
    private final Clock clock;
    private final RetryPolicy retry;
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Copies gone from a site past its retention or purge, not held: expired there, not missing. */
    private final AtomicLong expired = new AtomicLong();
    private volatile long auditId;

    public Audit(JobDefinition job, AuditOptions options, StateDatabase db, ConnectorCatalog catalog,
            TransferLimits limits, Clock clock, RetryPolicy.Sleeper sleeper) {
        this.retry = RetryPolicy.of(job.transfer(), sleeper);
        this.job = job;
        this.options = options;
        this.db = db;
        this.sites = new SiteConnectors(job, catalog, new SiteStore(db.jdbc()));
        this.store = new AuditStore(db.jdbc());
        this.evidence = new PlacementEvidence(db.jdbc());
        this.limits = limits;
        this.clock = clock;
    }

    public JobDefinition job() {
        return job;
    }

    public AuditOptions options() {
        return options;
    }

    public StateDatabase db() {
        return db;
    }

    public AuditStore store() {
        return store;
    }

    public TransferLimits limits() {
        return limits;
    }

    public long auditId() {
        return auditId;
    }

    public void auditId(long id) {
        this.auditId = id;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** The batch job's name in the job repository: apart from the job's syncs. */
    public String batchJobName() {
        return job.name() + ":audit";
    }

    // ---- plan ------------------------------------------------------------------------------------

    /** Picks the copies to check: the sample's share of all, least recently proven first. */
    public long plan() {
        long total = evidence.count(job.name(), options.sites());
        long n = options.samplePercent() >= 100 ? total : (long) Math.ceil(total * options.samplePercent() / 100.0);
        Instant before = options.olderThan() == null ? null : clock.instant().minus(options.olderThan());
        return evidence.planAudit(auditId, job.name(), options.sites(), before, n, options.heldOnly());
    }

    // ---- check -----------------------------------------------------------------------------------

    /** What checking one copy found; {@link #record} writes it down. */
    /** @param expired gone from a site that no longer owes it (past retention or purge, not held) */
    public record Checked(Item item, List<Finding> found, long bytesRead, Instant at, boolean expired) {
        Checked(Item item, List<Finding> found, long bytesRead, Instant at) {
            this(item, found, bytesRead, at, false);
        }
    }

    /** Checks one copy and records it. Runs in the chunk's transaction. */
    public void check(Item item) {
        record(inspect(item));
    }

    /**
     * Checks a chunk's copies, {@code transfer.parallel} at a time (reading and hashing are what takes
     * the time), then records them in order on the calling thread, in the chunk's transaction.
     */
    public void check(List<? extends Item> items) {
        int parallel = Math.max(1, Math.min(job.transfer().parallel(), items.size()));
        if (parallel == 1) {
            items.forEach(this::check);
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "audit-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<Checked>> futures = new ArrayList<>();
            for (Item item : items) {
                futures.add(pool.submit(() -> inspect(item)));
            }
            for (java.util.concurrent.Future<Checked> f : futures) {
                try {
                    record(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking copies", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads one copy's files and compares them with the record; writes nothing. A transient failure
     * (timeout, reset) is retried as a sync's copies are ({@code transfer.attempts}, backing off);
     * one that persists stops the audit, which the next `recsync audit` resumes.
     */
    public Checked inspect(Item item) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inspectOnce(item);
            } catch (io.recsync.connector.StorageException | UncheckedIOException e) {
                boolean transientFailure = e instanceof UncheckedIOException
                        || ((io.recsync.connector.StorageException) e).isTransient();
                if (!transientFailure || attempt >= retry.attempts()) {
                    throw e;
                }
                try {
                    retry.backOff(attempt + 1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Checked inspectOnce(Item item) {
        Instant now = clock.instant();
        Optional<Placement> placed = evidence.at(job.name(), item.site(), item.recordingId());
        if (placed.isEmpty()) {
            // The index no longer lists it there (a resync found it gone and forgot it): nothing to compare.
            return new Checked(item, null, 0, now);
        }
        Placement p = placed.get();
        Connector c = sites.connector(item.site());
        boolean readBack = readBack(item);
        List<Finding> found = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        checkFile(c, p, "audio", p.audioPath(), p.audioSize(), p.audioSha256(), readBack, bytes, now, found);
        if (p.hasMetadata()) {
            checkFile(c, p, "metadata", p.metaPath(), p.metaSize(), p.metaSha256(), readBack, bytes, now, found);
        }
        if (!found.isEmpty() && found.stream().allMatch(f -> MISSING.equals(f.kind())) && expiredThere(p, now)) {
            // Past the site's retention (or its own purge) and not on legal hold: the site was meant
            // to let it go. Not missing, and never restored by --repair (README "Retention and legal hold").
            expired.incrementAndGet();
            return new Checked(item, List.of(), bytes.get(), now, true);
        }
        return new Checked(item, found, bytes.get(), now);
    }

    /**
     * Whether the site no longer owes the recording: it is past the site's {@code retention:} for
     * its tenant and group, or past the site's own {@code purgeAfter}, and no legal hold covers it.
     */
    private boolean expiredThere(Placement p, Instant now) {
        io.recsync.config.SiteDefinition site = job.site(p.site());
        boolean past = (site.retention() != null && site.retention().expired(p.tenant(), p.group(), p.recordedAt(), now))
                || (site.purgeAfter() != null && p.recordedAt().isBefore(site.purgeAfter().before(now)));
        return past && new io.recsync.store.LegalHoldStore(db.jdbc(), db.dialect()).heldBy(job.name(), p.recordingId())
                .isEmpty();
    }

    /** Copies this audit found gone from a site that no longer owes them (past retention or purge, not held). */
    public long expired() {
        return expired.get();
    }

    /** Writes down what {@link #inspect} found: findings, the copy's proof, the item done. */
    public void record(Checked c) {
        Item item = c.item();
        if (c.found() != null) {
            c.found().forEach(store::addFinding);
            store.proven(job.name(), item.site(), item.recordingId(), c.at(),
                    c.expired() ? "EXPIRED" : c.found().isEmpty() ? "OK" : c.found().get(0).kind(), auditId);
            store.addBytesRead(auditId, c.bytesRead());
        }
        store.done(item);
    }

    /** On storage with stored checksums: whether this copy is read back in full too (a stable share). */
    private boolean readBack(Item item) {
        if (options.readBackPercent() >= 100) {
            return true;
        }
        int h = Math.floorMod((item.recordingId().toString() + "/" + item.site() + "/" + auditId).hashCode(), 10_000);
        return h < options.readBackPercent() * 100;
    }

    private void checkFile(Connector c, Placement p, String role, String path, long size, String sha, boolean readBack,
            AtomicLong bytes, Instant now, List<Finding> found) {
        StoragePath at = StoragePath.of(path);
        Optional<ObjectInfo> info = c.find(at);
        if (info.isEmpty()) {
            found.add(finding(p, role, path, MISSING, size, sha, null, null, "no file at " + path, now));
            return;
        }
        long actualSize = info.get().size();
        if (actualSize < size) {
            found.add(finding(p, role, path, TRUNCATED, size, sha, actualSize, null,
                    actualSize + " byte(s) where " + size + " were placed", now));
            return;
        }
        Optional<String> stored = info.get().sha256();
        if (stored.isEmpty() && c instanceof ServerSideChecksum s) {
            stored = s.storedSha256(at);
        }
        String actual;
        String detail = null;
        if (stored.isPresent() && !readBack) {
            actual = stored.get();
            detail = (actualSize != size ? actualSize + " byte(s) where " + size + " were placed; " : "other bytes; ")
                    + "by the storage's stored SHA-256";
        } else {
            Sha256.Counted read = read(c, at);
            bytes.addAndGet(read.size());
            actual = read.sha256();
            actualSize = read.size();
            if (stored.isPresent() && !stored.get().equals(actual)) {
                detail = "the storage's stored SHA-256 is " + stored.get() + " but the bytes read back hash to " + actual;
            }
        }
        if (actualSize < size) {
            found.add(finding(p, role, path, TRUNCATED, size, sha, actualSize, actual,
                    actualSize + " byte(s) read where " + size + " were placed", now));
        } else if (actualSize != size || !actual.equals(sha) || (detail != null && detail.startsWith("the storage"))) {
            found.add(finding(p, role, path, ALTERED, size, sha, actualSize, actual, detail != null ? detail
                    : actualSize != size ? actualSize + " byte(s) where " + size + " were placed" : "other bytes, same size",
                    now));
        }
    }

    private Sha256.Counted read(Connector c, StoragePath at) {
        try (InputStream in = limits.meter(c.open(at))) {
            return Sha256.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + at + " at " + c.describe(), e);
        }
    }

    private Finding finding(Placement p, String role, String path, String kind, Long size, String sha, Long actualSize,
            String actualSha, String detail, Instant now) {
        return new Finding(auditId, job.name(), p.site(), p.recordingId(), role, path, kind, size, sha, actualSize,
                actualSha, detail, now);
    }

    // ---- unexpected files ------------------------------------------------------------------------

    /**
     * Lists each site and records every file no placement accounts for. recsync's own files
     * ({@code .recsync/}, temp names, keep-both copies) and a recorder's manifest are not recordings.
     * At a site that is a source of the job, files newer than the job's last successful sync are new
     * recordings not yet seen, not unexpected ones.
     */
    public void findUnexpected() {
        if (options.heldOnly()) {
            return; // an audit of the held recordings: listing whole sites is a full audit's work
        }
        Set<String> sources = new java.util.HashSet<>();
        job.links().forEach(l -> sources.add(l.from()));
        Instant lastSync = new io.recsync.store.RunLedger(db.jdbc()).lastSuccess(job.name())
                .map(r -> r.startedAt()).orElse(null);
        Instant now = clock.instant();
        for (String site : options.sites()) {
            store.clearUnexpected(auditId, site);
            boolean source = sources.contains(site);
            if (source && lastSync == null) {
                warnings.add("site '" + site + "' is a source and the job has no successful sync yet: its files were"
                        + " not checked for unexpected ones");
                continue;
            }
            Set<String> known = evidence.pathsAt(job.name(), site);
            SiteDefinition def = job.site(site);
            String manifest = def.manifest() != null && def.manifest().kind() == ManifestSource.Kind.FILE
                    ? def.manifest().path() : null;
            try (Stream<ObjectInfo> all = sites.connector(site).walk(StoragePath.ROOT)) {
                all.filter(o -> !RecsyncOwnFiles.isOwn(o.path()) && !known.contains(o.path().value()))
                        .filter(o -> manifest == null || !o.path().startsWith(StoragePath.of(manifest)))
                        .filter(o -> !source || o.modified() == null || o.modified().isBefore(lastSync))
                        .forEach(o -> store.addFinding(new Finding(auditId, job.name(), site, null, "file",
                                o.path().value(), UNEXPECTED, null, null, o.size(), null,
                                "no recording recsync placed or listed there accounts for this file", now)));
            }
        }
    }

    // ---- repair ----------------------------------------------------------------------------------

    /** Settles each finding: restored from a proven-good copy with repair, else where one is (see {@link AuditRepair}). */
    public void repair() {
        new AuditRepair(this, evidence, sites, limits, clock, warnings::add).run();
    }

    /** Reads a file through the audit's bandwidth limit and hashes it. */
    Sha256.Counted readThrough(Connector c, StoragePath at) {
        return read(c, at);
    }

    // ---- summary ---------------------------------------------------------------------------------

    /** The audit's exit code from its findings, and its record closed. */
    public ExitCode summarize() {
        List<Finding> all = store.findings(auditId);
        long noGood = all.stream().filter(f -> NO_GOOD_COPY.equals(f.repair())).count();
        long repaired = all.stream().filter(f -> REPAIRED.equals(f.repair())).count();
        long open = all.stream().filter(f -> !REPAIRED.equals(f.repair())).count();
        ExitCode code = noGood > 0 ? ExitCode.AUDIT_NO_GOOD_COPY : open > 0 ? ExitCode.AUDIT_FINDINGS
                : repaired > 0 ? ExitCode.AUDIT_REPAIRED : ExitCode.SUCCESS;
        store.finish(auditId, "ENDED", code.code(), all.size(), repaired, noGood, null, clock.instant());
        return code;
    }

    @Override
    public void close() {
        sites.close();
    }
}
