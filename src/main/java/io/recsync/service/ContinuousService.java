package io.recsync.service;

import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.config.ManifestSource;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.StoragePath;
import io.recsync.sync.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The loop of {@code recsync sync --continuous}: runs a cycle at start (whatever arrived while the
 * service was down), then one whenever a source changed (a local site's file events, debounced; a
 * remote site's listing, polled), after a failed cycle (backing off by the job's
 * {@link RetryPolicy}), and at least once per heartbeat. Between them it waits on a monitor. The
 * caller holds the job's run lock for the service's whole life. {@link #requestStop()} (SIGTERM)
 * ends a cycle in flight at its next chunk boundary and returns from {@link #run()}.
 */
public final class ContinuousService {

    /** One ordinary sync of the job (the lock already held); its copies are verified as any sync's. */
    public interface Cycle {
        CycleResult run(String reason);
    }

    /**
     * How one cycle ended.
     *
     * @param exitCode the run's exit code (0, 3, 4: completed; anything else: failed)
     * @param runId the run in `recsync history`, 0 when the cycle failed before a run started
     * @param summary the run's summary line, or what stopped it
     * @param deferred recordings left for a later cycle because they were still being written
     * @param resumed the cycle finished a plan an earlier (failed or stopped) cycle made, so it
     *     planned nothing that arrived since
     */
    public record CycleResult(int exitCode, long runId, long planned, long copied, long bytesCopied, String summary,
            long deferred, boolean resumed) {

        /** The run ended as a run can (conflicts, failed items, a transfer limit), not stopped by a fault. */
        public boolean completed() {
            return exitCode == 0 || exitCode == 3 || exitCode == 4 || stoppedAtLimit();
        }

        /**
         * The job's transfer.maxDuration or maxTransfer ended the cycle with work left (exit 7): not
         * a fault to back off from; the next cycle goes on with it.
         */
        public boolean stoppedAtLimit() {
            return exitCode == 7;
        }
    }

    /**
     * @param interval how often sites without file events are listed
     * @param heartbeat a cycle at least this often even when nothing was seen changing (what file
     *     events miss: a local site on a network mount written by another host)
     * @param quiet a burst of file events is over after this long without one
     * @param maxDelay a burst older than this gets its cycle even while still going on
     * @param settle how young a file a cycle leaves for later; a cycle that left some is followed by
     *     another this long after
     * @param unhealthyAfter consecutive failed cycles after which /health answers 503
     */
    public record Settings(Duration interval, Duration heartbeat, Duration quiet, Duration maxDelay, Duration settle,
            int unhealthyAfter) {}

    private final JobDefinition job;
    private final ConnectorCatalog catalog;
    private final Cycle cycle;
    private final Settings settings;
    private final Consumer<String> log;
    private final Clock clock;
    private final Trigger trigger;
    private final ServiceStatus status;
    private final List<LocalTreeWatcher> watchers = new ArrayList<>();
    private final List<ListingPoller> pollers = new ArrayList<>();
    private final Set<String> pollFailuresShown = new LinkedHashSet<>();

    public ContinuousService(JobDefinition job, ConnectorCatalog catalog, Cycle cycle, Settings settings,
            Consumer<String> log, Clock clock) {
        this.job = job;
        this.catalog = catalog;
        this.cycle = cycle;
        this.settings = settings;
        this.log = log;
        this.clock = clock;
        this.trigger = new Trigger(settings.quiet().toMillis(), settings.maxDelay().toMillis());
        this.status = new ServiceStatus(job.name(), settings.unhealthyAfter());
    }

    public ServiceStatus status() {
        return status;
    }

    /** Asks the service to stop: a cycle in flight ends after its chunk; waits end at once. */
    public void requestStop() {
        status.state(ServiceStatus.State.STOPPING);
        trigger.stop();
    }

    public boolean stopRequested() {
        return trigger.stopped();
    }

    /** Starts watching and polling; answers one line per source saying how it is followed. */
    public List<String> start() {
        List<String> lines = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        for (LinkDefinition l : job.links()) {
            sources.add(l.from());
        }
        for (String name : sources) {
            SiteDefinition site = job.site(name);
            boolean scanned = site.manifest() == null || site.manifest().kind() == ManifestSource.Kind.SCAN;
            String only = scanned ? null : site.manifest().path();
            if ("local".equals(site.kind())) {
                Path root = site.connector().optionalPath("root");
                try {
                    LocalTreeWatcher w = new LocalTreeWatcher(name, root, only, trigger, log);
                    watchers.add(w);
                    lines.add(name + ": file events on " + root + (only == null ? "" : "/" + only) + " ("
                            + w.directories() + " directories)");
                    continue;
                } catch (IOException | RuntimeException e) {
                    // inotify's watch limit (fs.inotify.max_user_watches), a root not mounted yet
                    lines.add(name + ": cannot watch " + root + " (" + e.getMessage() + "); polled every "
                            + shown(settings.interval()) + " instead");
                }
            } else {
                lines.add(name + ": " + site.kind() + ", listing polled every " + shown(settings.interval()));
            }
            StoragePath prefix = only == null ? StoragePath.ROOT : StoragePath.of(only);
            pollers.add(new ListingPoller(name, () -> catalog.open(site.connector()), prefix, scanned));
        }
        lines.add("a cycle at least every " + shown(settings.heartbeat()) + " (heartbeat)");
        return lines;
    }

    /** Runs until {@link #requestStop()}; returns 0. */
    public int run() {
        try {
            String reason = "start";
            long nextPoll = System.nanoTime() + settings.interval().toNanos();
            long nextBeat = System.nanoTime() + settings.heartbeat().toNanos();
            int failures = 0;
            pollAll(); // the listings as they are now: changes from here on ask for a cycle
            while (!trigger.stopped()) {
                if (reason != null) {
                    CycleResult r = runCycle(reason);
                    nextBeat = System.nanoTime() + settings.heartbeat().toNanos();
                    if (r.completed() || trigger.stopped()) {
                        failures = 0;
                        if (r.deferred() > 0) {
                            trigger.fireIn(r.deferred() + " recording(s) still being written", settle());
                        }
                        if (r.resumed() && !trigger.stopped()) {
                            // The changes seen while the earlier cycles failed were spent on them.
                            trigger.fireNow("plan what arrived while a resumed plan was finished");
                        } else if (r.stoppedAtLimit() && !trigger.stopped()) {
                            trigger.fireNow("go on with what the last cycle's transfer limit left");
                        }
                    } else {
                        failures++;
                        // The job's own backoff, as its item retries: doubling with jitter up to maxBackoff.
                        RetryPolicy backoff = RetryPolicy.of(job.transfer(), d -> {
                            status.nextRetry(clock.instant().plus(d));
                            trigger.sleep(d.toMillis());
                        });
                        status.state(ServiceStatus.State.BACKING_OFF);
                        backoff.backOff(failures + 1);
                        status.nextRetry(null);
                        reason = trigger.stopped() ? null : "retry " + failures + " after a failed cycle";
                        continue;
                    }
                }
                status.state(ServiceStatus.State.IDLE);
                reason = trigger.await(Math.min(nextPoll, nextBeat));
                if (reason == null && !trigger.stopped()) {
                    long now = System.nanoTime();
                    if (now - nextPoll >= 0) {
                        pollAll();
                        nextPoll = System.nanoTime() + settings.interval().toNanos();
                    }
                    if (now - nextBeat >= 0) {
                        reason = "heartbeat";
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            status.state(ServiceStatus.State.STOPPED);
            close();
        }
        return 0;
    }

    private long settle() {
        return settings.settle().toMillis() + 100;
    }

    private void pollAll() {
        for (ListingPoller p : pollers) {
            if (p.changed()) {
                trigger.fireNow(p.site() + ": listing changed");
            }
            if (p.failure() != null && pollFailuresShown.add(p.site())) {
                log.accept("warning: " + p.site() + ": cannot list it (" + p.failure() + "); polling goes on");
            } else if (p.failure() == null) {
                pollFailuresShown.remove(p.site());
            }
        }
    }

    private CycleResult runCycle(String reason) {
        status.state(ServiceStatus.State.RUNNING);
        Instant started = clock.instant();
        CycleResult r;
        try {
            r = cycle.run(reason);
        } catch (RuntimeException e) {
            r = new CycleResult(1, 0, 0, 0, 0, "the cycle failed: " + e.getMessage(), 0, false);
        }
        status.cycleEnded(started, clock.instant(), reason, r);
        return r;
    }

    private void close() {
        watchers.forEach(LocalTreeWatcher::close);
        pollers.forEach(ListingPoller::close);
    }

    static String shown(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0 || s == 0) {
            return d.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
