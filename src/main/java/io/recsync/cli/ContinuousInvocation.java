package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.config.Durations;
import io.recsync.config.JobDefinition;
import io.recsync.config.ServiceSettings;
import io.recsync.report.RecsyncMetrics;
import io.recsync.service.ContinuousService;
import io.recsync.service.ServiceEndpoint;
import io.recsync.service.ServiceStatus;
import io.recsync.store.RunLock;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import io.recsync.sync.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `recsync sync --continuous`: takes the job's lock for the service's whole life, then lets
 * {@link ContinuousService} decide when to run; each cycle is {@link SyncInvocation#cycle}, the
 * same sync a timer would run. SIGTERM and SIGINT stop it after the chunk in flight; exit 0.
 */
final class ContinuousInvocation {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /**
     * A recording whose audio or sidecar changed less than this ago is left for a later cycle: the
     * recorder may still be writing it (a scheduled sync runs long after, a cycle within seconds).
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /**
     * A burst of file events is over after this long without one: a little longer than
     * {@link #SETTLE}, so that the cycle it starts finds the files written settled, not young.
     */
    static final Duration QUIET = SETTLE.plusMillis(150);

    private final Recsync root;
    private final RunOptions options;
    private final String interval;
    private final String heartbeat;
    private final String listen;

    ContinuousInvocation(Recsync root, RunOptions options, String interval, String heartbeat, String listen) {
        this.root = root;
        this.options = options;
        this.interval = interval;
        this.heartbeat = heartbeat;
        this.listen = listen;
    }

    int run() {
        if (options.maxDuration != null || options.maxTransfer != null) {
            throw new ConfigException((options.maxDuration != null ? "--max-duration" : "--max-transfer") + " cuts one run"
                    + " short; a continuous service runs until it is stopped: leave it out, and keep the service off a"
                    + " busy link with --bwlimit or the job's transfer.bandwidth timetable");
        }
        CliEnvironment env = root.environment();
        PrintStream err = root.err();
        SyncInvocation sync = new SyncInvocation(root, options, "sync");
        // Loaded once here for what to watch and where to listen (and to refuse a broken job before
        // taking the lock); each cycle loads it again, as a timer's run would.
        JobDefinition job = sync.prepare(null).job();
        ServiceSettings configured = job.service();
        Duration pollEvery = interval != null ? duration("--interval", interval, Duration.ofSeconds(1), Duration.ofHours(1))
                : configured.interval() != null ? configured.interval() : DEFAULT_INTERVAL;
        Duration beat = heartbeat != null ? duration("--heartbeat", heartbeat, Duration.ofSeconds(1), Duration.ofDays(1))
                : Duration.ofHours(1);
        ServiceSettings.HostPort address;
        try {
            address = listen != null ? ServiceSettings.HostPort.parse(listen) : configured.listen();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--listen " + e.getMessage());
        }
        try (StateDatabase db = env.openState(options.dbUrl)) {
            Optional<RunLock> lock = RunLock.tryAcquire(db, env.home(), job.name());
            if (lock.isEmpty()) {
                err.println(SyncInvocation.lockedMessage(job.name()));
                return ExitCode.LOCKED.code();
            }
            AtomicBoolean lockHeld = new AtomicBoolean(true);
            try (RunLock held = lock.get()) {
                ContinuousService[] self = new ContinuousService[1];
                // One registry for the service's life: each cycle's run meters add up in it, and
                // /metrics (and --metrics-file, --pushgateway after each cycle) show it.
                RecsyncMetrics metrics = new RecsyncMetrics();
                ContinuousService service = new ContinuousService(job, env.catalog(),
                        reason -> cycle(sync, db, self[0], reason, metrics),
                        new ContinuousService.Settings(pollEvery, beat, QUIET, Duration.ofSeconds(5), SETTLE, 3),
                        line -> err.println("recsync: " + line), env.clock());
                self[0] = service;
                metrics.service(job.name(), facts(service.status()));
                ServiceEndpoint endpoint = null;
                if (address != null) {
                    try {
                        endpoint = ServiceEndpoint.start(address, service.status(), lockHeld::get, metrics::scrape);
                    } catch (IOException e) {
                        throw new ConfigException("cannot listen on " + address + " (" + e.getMessage() + "); choose a free"
                                + " address with --listen HOST:PORT or the job's service: { listen: ... }");
                    }
                }
                try (Signals signals = Signals.onStop(service::requestStop)) {
                    if (!options.quiet) {
                        err.println("recsync: continuous replication of job '" + job.name() + "' started (lock held; stop"
                                + " with SIGTERM or Ctrl-C)");
                        for (String line : service.start()) {
                            err.println("recsync:   " + line);
                        }
                        if (endpoint != null) {
                            err.println("recsync:   health and metrics on http://" + hostPort(endpoint) + "/health and /metrics");
                        }
                    } else {
                        service.start();
                    }
                    service.run();
                } finally {
                    if (endpoint != null) {
                        endpoint.close();
                    }
                }
                lockHeld.set(false);
            }
            if (!options.quiet) {
                err.println("recsync: continuous replication of job '" + job.name() + "' stopped at "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "; lock released");
            }
            return ExitCode.SUCCESS.code();
        }
    }

    private static String hostPort(ServiceEndpoint endpoint) {
        java.net.InetSocketAddress a = endpoint.address();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The service's status as the metrics read it. */
    private static RecsyncMetrics.ServiceFacts facts(ServiceStatus status) {
        return new RecsyncMetrics.ServiceFacts() {
            @Override
            public boolean healthy() {
                return status.healthy();
            }

            @Override
            public long cyclesCompleted() {
                return status.cyclesOk();
            }

            @Override
            public long cyclesFailed() {
                return status.cyclesFailed();
            }

            @Override
            public int consecutiveFailures() {
                return status.consecutiveFailures();
            }

            @Override
            public Instant lastCycleEnded() {
                return status.lastEnded();
            }
        };
    }

    private ContinuousService.CycleResult cycle(SyncInvocation sync, StateDatabase db, ContinuousService service,
            String reason, RecsyncMetrics metrics) {
        if (options.verbose) {
            root.err().println("recsync: cycle (" + reason + ")");
        }
        try {
            SyncInvocation.Outcome o = sync.cycle(db, service::stopRequested, SETTLE, metrics);
            RunRecord r = o.run();
            if (r == null) {
                return new ContinuousService.CycleResult(o.code(), 0, 0, 0, 0, "exit " + o.code(), 0, false);
            }
            return new ContinuousService.CycleResult(o.code(), r.executionId(), r.planned(), r.copied(), r.bytesCopied(),
                    SummaryLine.of(r), o.deferred(), o.resumed());
        } catch (Exception e) {
            // A cycle that could not run (job file broken since, state database lost) is a failed
            // cycle: said once on stderr with the same words a sync uses, retried with backoff.
            int code = Recsync.handle(e, root.err());
            return new ContinuousService.CycleResult(code, 0, 0, 0, 0, String.valueOf(e.getMessage()), 0, false);
        }
    }

    private static Duration duration(String option, String text, Duration min, Duration max) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(option + " " + text + " is out of range; give " + SyncInvocation.shown(min) + " to "
                    + SyncInvocation.shown(max) + ", e.g. 30s");
        }
        return d;
    }
}
