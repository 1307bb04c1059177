package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.store.ConflictStore;
import io.recsync.store.ManifestIndex;
import io.recsync.store.PlanStore;
import io.recsync.store.RunLedger;
import io.recsync.store.SiteStore;
import io.recsync.store.StateDatabase;
import io.recsync.store.TransferItemStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything one invocation of a job works with: the job, the operator's options, the state
 * stores and the open sites. The batch steps are thin adapters over it.
 */
public final class SyncSession implements AutoCloseable {

    private final JobDefinition job;
    private final SyncOptions options;
    private final StateDatabase db;
    private final SiteConnectors sites;
    private final ProgressListener progress;
    private final RetryPolicy.Sleeper sleeper;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final JdbcTemplate jdbc;
    private final Instant runStart;
    private volatile Instant commandStart = Instant.now();
    private volatile PlanResume.Decision planDecision = PlanResume.Decision.NONE;
    private volatile java.time.Clock clock = java.time.Clock.systemDefaultZone();
    private TransferLimits limits;
    private volatile io.recsync.report.RecsyncMetrics metrics;
    private volatile java.util.function.BooleanSupplier stopRequested = () -> false;
    private volatile java.time.Duration settle = java.time.Duration.ZERO;
    private final java.util.concurrent.atomic.AtomicLong deferred = new java.util.concurrent.atomic.AtomicLong();
    /** The worker process this session copies for (README "Scaling out"); null in a run copying by itself. */
    private volatile String worker;

    public SyncSession(JobDefinition job, SyncOptions options, StateDatabase db, ConnectorCatalog catalog,
            ProgressListener progress, RetryPolicy.Sleeper sleeper) {
        this(job, options, db, catalog, progress, sleeper, Instant.now());
    }

    /**
     * @param runStart when this run started: relative filter bounds ({@code since: 30d}) count
     *     back from it, the same instant for every link and statement of the run
     */
    public SyncSession(JobDefinition job, SyncOptions options, StateDatabase db, ConnectorCatalog catalog,
            ProgressListener progress, RetryPolicy.Sleeper sleeper, Instant runStart) {
        this.runStart = runStart;
        this.job = job;
        this.options = options;
        this.db = db;
        this.jdbc = db.jdbc();
        this.sites = new SiteConnectors(job, catalog, new SiteStore(jdbc));
        this.progress = progress;
        this.sleeper = sleeper;
    }

    /** The metrics this run feeds (Spring Batch's observations among them); null when it exports none. */
    public io.recsync.report.RecsyncMetrics metrics() {
        return metrics;
    }

    public SyncSession metrics(io.recsync.report.RecsyncMetrics m) {
        this.metrics = m;
        return this;
    }

    public JobDefinition job() {
        return job;
    }

    private volatile JobDefinition configured;

    /**
     * The job as its file defines it, when this run works with less of it (target group members
     * found unreachable, see {@link GroupFailover}): the backlog is kept for every link of the file.
     */
    public JobDefinition configuredJob() {
        return configured == null ? job : configured;
    }

    public SyncSession configuredJob(JobDefinition full) {
        this.configured = full;
        return this;
    }

    public SyncOptions options() {
        return options;
    }

    /** When this run started; relative filter bounds count back from it. */
    public Instant runStart() {
        return runStart;
    }

    /**
     * When the command that runs this started (wall clock, start-up included): the run ledger's
     * start, so that a run's duration is the whole of it. Defaults to when the session was made.
     */
    public Instant commandStart() {
        return commandStart;
    }

    public SyncSession commandStart(Instant at) {
        this.commandStart = at;
        return this;
    }

    /** The clock a bandwidth timetable is read from (its zone is the timetable's); the machine's by default. */
    public SyncSession clock(java.time.Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Asks the transfer step to end at its next chunk boundary once {@code stop} says so (a
     * continuous service being stopped): what is in flight finishes and is recorded, the rest
     * stays pending for the next run.
     */
    public SyncSession stopWhen(java.util.function.BooleanSupplier stop) {
        this.stopRequested = stop;
        return this;
    }

    /**
     * This run's transfer window (bandwidth limit, --max-duration counted from {@link #commandStart},
     * --max-transfer): one for the whole run, shared by all its copies.
     */
    public synchronized TransferLimits limits() {
        if (limits == null) {
            limits = TransferLimits.of(job, options, clock, commandStart);
        }
        return limits;
    }

    /**
     * A worker, before each partition: the run's window as its manager handed it over (one
     * deadline from the manager's start, one byte budget counted by {@code runBytes} across the
     * workers, the manager's bandwidth limit applied in this process), not one counted from this
     * partition's start.
     */
    public synchronized void newTransferWindow(TransferLimits.Window window, TransferLimits.RunBytes runBytes) {
        commandStart = Instant.now();
        limits = TransferLimits.of(window, clock, runBytes);
    }

    /**
     * Scans leave out recordings whose files changed less than {@code settle} ago (still being
     * written); {@link #deferred()} counts them, so a continuous service knows to look again.
     */
    public SyncSession settle(java.time.Duration settle) {
        this.settle = settle;
        return this;
    }

    public java.time.Duration settle() {
        return settle;
    }

    /** Recordings the scans of this run left for later because they were still being written. */
    public long deferred() {
        return deferred.get();
    }

    void deferredOne() {
        deferred.incrementAndGet();
    }

    public boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /** Whether this run resumes the job's last plan, and if one was dropped, why. */
    public PlanResume.Decision planDecision() {
        return planDecision;
    }

    public void planDecision(PlanResume.Decision decision) {
        this.planDecision = decision;
    }

    /** The operator's command-line filter with relative bounds resolved against {@link #runStart}. */
    public io.recsync.config.LinkFilter operatorFilter() {
        return options.filter().resolvedAt(runStart);
    }

    public StateDatabase db() {
        return db;
    }

    public SiteConnectors sites() {
        return sites;
    }

    public ProgressListener progress() {
        return progress;
    }

    public RetryPolicy retryPolicy() {
        return RetryPolicy.of(job.transfer(), sleeper);
    }

    public SiteStore siteStore() {
        return new SiteStore(jdbc);
    }

    public ManifestIndex index() {
        return new ManifestIndex(jdbc);
    }

    public PlanStore plans() {
        return new PlanStore(jdbc, db.dialect());
    }

    public TransferItemStore items() {
        return new TransferItemStore(jdbc, worker);
    }

    /** Makes this the session of worker {@code id}: the items it records name it. */
    public SyncSession worker(String id) {
        this.worker = id;
        return this;
    }

    public String worker() {
        return worker;
    }

    /**
     * A worker, before it copies a partition (one link's pending items in an id range): checks
     * that each site those items read or write is, through this host's connectors, the archive
     * the manager found there (see SiteGuard#checkAsWorker).
     */
    public void checkPartitionSites(long planId, String link, long fromId, long toId) {
        for (long siteId : new io.recsync.store.PartitionRanges(jdbc).sitesInRange(planId, link, fromId, toId)) {
            String name = sites.name(siteId);
            SiteGuard.checkAsWorker(name, sites.connector(name), siteStore().siteUid(siteId), worker);
        }
    }

    public ConflictStore conflicts() {
        return new ConflictStore(jdbc);
    }

    public RunLedger ledger() {
        return new RunLedger(jdbc);
    }

    /** Non-fatal notes for the operator (skipped manifest lines, insecure settings). */
    public void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        sites.close();
    }
}
