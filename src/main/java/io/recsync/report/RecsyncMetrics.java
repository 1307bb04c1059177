package io.recsync.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.recsync.store.LinkBacklogStore.LinkBacklog;
import io.recsync.store.LinkBacklogStore.RunItems;
import io.recsync.store.RunRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager;

/**
 * recsync's Prometheus metrics: one Micrometer registry holding Spring Batch's observations (hand
 * {@link #observations()} to the batch context) and recsync's own gauges and counters, per link
 * and tenant. A short run writes them as a node_exporter textfile ({@link #writeTextfile}) or
 * pushes them ({@link #push}); a long-running service serves {@link #scrape()} on /metrics and calls
 * {@link #health} and {@link #run} after each pass.
 *
 * <p>Labels: {@code recsync_job} (not {@code job}, which Prometheus sets to the scrape target's
 * job and would rename to {@code exported_job}), {@code link}, {@code source}, {@code target},
 * {@code tenant}, {@code kind}.
 */
public final class RecsyncMetrics {

    /** Every metric name recsync itself exports (Prometheus names, without _total/_bucket suffixes). */
    public static final Set<String> OWN = Set.of("recsync_backlog_items", "recsync_backlog_bytes", "recsync_lag_seconds",
            "recsync_backlog_oldest_timestamp_seconds",
            "recsync_copied_items_total", "recsync_copied_bytes_total", "recsync_failed_items_total",
            "recsync_open_conflicts", "recsync_last_success_timestamp_seconds", "recsync_last_run_timestamp_seconds",
            "recsync_last_run_exit_code", "recsync_last_run_failed_items", "recsync_links_never_indexed",
            "recsync_expired_items", "recsync_legal_hold_items", "recsync_legal_hold_missing_items",
            "recsync_purge_at_risk_items");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservationRegistry observations = ObservationRegistry.create();
    /** Gauge values by name and tags: a gauge is registered once and reads its holder. */
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public RecsyncMetrics() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
    }

    /** Spring Batch's observations (spring.batch.job, spring.batch.step, ...) become meters of this registry. */
    public ObservationRegistry observations() {
        return observations;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Sets the gauges to how the job stands: backlog items, bytes and lag per link and tenant, the
     * open conflicts by kind (0 for a kind that had some and has none now), the last run and last
     * success. A series this job had before and no longer has is set to 0.
     */
    public void health(JobHealth h) {
        String job = h.job();
        String prefix = "\u0000" + job + "\u0000";
        gauges.forEach((k, v) -> {
            if (k.contains(prefix) && (k.startsWith("recsync.backlog") || k.startsWith("recsync.lag")
                    || k.startsWith("recsync.open.conflicts"))) {
                v.set(0.0);
            }
        });
        for (LinkBacklog b : h.tenants()) {
            Tags t = linkTags(job, b.link(), b.source(), b.target(), b.tenant());
            gauge("recsync.backlog.items", "Recordings the source holds and the target does not yet (state database)", t,
                    b.items());
            gauge("recsync.backlog.bytes", "Bytes of the backlog", t, b.bytes());
            gauge("recsync.lag.seconds", "Age of the oldest recording not yet at the target (recordedAt), 0 when none", t,
                    b.lag(h.at()).toMillis() / 1000.0);
            // The lag as of the export goes stale in a textfile written once a night; time() minus
            // this is the lag now, for alerts between runs.
            gauge("recsync.backlog.oldest.timestamp.seconds", "recordedAt of the oldest recording not yet at the target,"
                    + " unix seconds; 0 when none", t, b.items() == 0 || b.oldest() == null ? 0 : b.oldest().toEpochMilli() / 1000.0);
        }
        for (Map.Entry<String, Long> c : h.openConflicts().entrySet()) {
            gauge("recsync.open.conflicts", "Open conflicts awaiting a person, by kind",
                    Tags.of("recsync_job", job, "kind", c.getKey()), c.getValue());
        }
        Tags jobTag = Tags.of("recsync_job", job);
        gauge("recsync.links.never.indexed", "Links of the job whose sites no run has indexed yet", jobTag,
                h.neverIndexed().size());
        h.lastSuccess().ifPresent(r -> gauge("recsync.last.success.timestamp.seconds",
                "When the last successful run (exit 0 or 3) ended, unix seconds", jobTag, seconds(r)));
        h.lastRun().ifPresent(r -> lastRun(jobTag, r));
    }

    /**
     * Retention and legal hold as they stand: recordings expired at each link's target, held
     * recordings and those a site lacks (a series per site of the job), and recordings a source
     * purges within the alarm's window that no other site holds (per site, 0 without purgeAfter).
     */
    public void retention(String job, RetentionHealth r) {
        r.linkEnds().forEach((link, ends) -> gauge("recsync.expired.items", "Recordings past the target's retention that"
                + " it does not hold: expired there, not copied back, not missing", linkTags(job, link, ends[0], ends[1], null)
                .and(Tags.empty()), r.expired().getOrDefault(link, 0L)));
        Tags jobTag = Tags.of("recsync_job", job);
        gauge("recsync.legal.hold.items", "Recordings on legal hold (the job's legalHold)", jobTag, r.held());
        java.util.Map<String, Long> missing = io.recsync.store.LegalHoldStore.bySite(r.missing());
        java.util.Set<String> sites = new java.util.LinkedHashSet<>(r.sites());
        sites.addAll(missing.keySet());
        for (String site : sites) {
            gauge("recsync.legal.hold.missing.items", "Held recordings a site lacks by the state database (site 'every"
                    + " site': held ids no site holds)", jobTag.and("site", site), missing.getOrDefault(site, 0L));
            io.recsync.store.ExpiryStore.PurgeRisk p = r.purge().get(site);
            if (r.sites().contains(site)) {
                gauge("recsync.purge.at.risk.items", "Recordings the site purges (purgeAfter) within the job's purgeAlarm"
                        + " that no other site holds", jobTag.and("site", site), p == null ? 0 : p.items());
            }
        }
    }

    private void lastRun(Tags jobTag, RunRecord r) {
        gauge("recsync.last.run.timestamp.seconds", "When the last run ended (or started, while running), unix seconds",
                jobTag, seconds(r));
        if (r.exitCode() != null) {
            gauge("recsync.last.run.exit.code", "The last run's exit code (README: Exit codes)", jobTag, r.exitCode());
        }
        gauge("recsync.last.run.failed.items", "Items the last run gave up on after its retries", jobTag, r.failed());
    }

    private static double seconds(RunRecord r) {
        java.time.Instant t = r.endedAt() != null ? r.endedAt() : r.startedAt();
        return t.toEpochMilli() / 1000.0;
    }

    /** Adds what one run did (per link and tenant) to the counters. */
    public void run(String job, List<RunItems> items) {
        for (RunItems i : items) {
            Tags t = linkTags(job, i.link(), i.source(), i.target(), i.tenant());
            Counter.builder("recsync.copied.items").description("Recordings copied and verified (audio or a metadata update)")
                    .tags(t).register(registry).increment(i.copied());
            Counter.builder("recsync.copied.bytes").description("Bytes written to targets, verified").tags(t)
                    .register(registry).increment(i.bytes());
            Counter.builder("recsync.failed.items").description("Items given up after their retries").tags(t)
                    .register(registry).increment(i.failed());
        }
    }

    private static Tags linkTags(String job, String link, String source, String target, String tenant) {
        return Tags.of("recsync_job", job, "link", link, "source", source, "target", target, "tenant",
                tenant == null ? "" : tenant);
    }

    private void gauge(String name, String help, Tags tags, double value) {
        StringBuilder key = new StringBuilder(name);
        tags.forEach(t -> key.append('\u0000').append(t.getValue()));
        key.append('\u0000');
        AtomicReference<Double> holder = gauges.computeIfAbsent(key.toString(), k -> {
            AtomicReference<Double> h = new AtomicReference<>(0.0);
            Gauge.builder(name, h, AtomicReference::get).description(help).tags(tags).register(registry);
            return h;
        });
        holder.set(value);
    }

    /** The names {@link #service} adds (a continuous service's own state), besides {@link #OWN}. */
    public static final Set<String> SERVICE = Set.of("recsync_service_up", "recsync_service_healthy",
            "recsync_service_cycles_total", "recsync_service_consecutive_failures",
            "recsync_service_last_cycle_timestamp_seconds");

    /**
     * What a continuous service says of itself, read at each scrape. An interface here so that
     * report/ need not know the service (cli adapts the service's status to it).
     */
    public interface ServiceFacts {
        boolean healthy();

        long cyclesCompleted();

        long cyclesFailed();

        int consecutiveFailures();

        /** When the last cycle ended; null before the first. */
        java.time.Instant lastCycleEnded();
    }

    /**
     * Registers a continuous service's meters, read from {@code facts} at each scrape: up, healthy
     * (0 while /health answers 503), cycles by result, failures in a row, when the last cycle ended.
     * The run meters ({@link #run}, {@link #health}) are the same as a single run's and add up
     * over the service's cycles.
     */
    public void service(String job, ServiceFacts facts) {
        Tags t = Tags.of("recsync_job", job);
        Gauge.builder("recsync.service.up", () -> 1).description("1 while the continuous service runs and holds the job's lock")
                .tags(t).register(registry);
        Gauge.builder("recsync.service.healthy", () -> facts.healthy() ? 1 : 0)
                .description("0 when the last cycles all failed (as /health answers 503)").tags(t).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("recsync.service.cycles", facts, f -> f.cyclesCompleted())
                .description("Cycles (sync runs) of this service, by result").tags(t.and("result", "completed"))
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("recsync.service.cycles", facts, f -> f.cyclesFailed())
                .description("Cycles (sync runs) of this service, by result").tags(t.and("result", "failed"))
                .register(registry);
        Gauge.builder("recsync.service.consecutive.failures", facts, f -> f.consecutiveFailures())
                .description("Failed cycles in a row").tags(t).register(registry);
        Gauge.builder("recsync.service.last.cycle.timestamp.seconds", facts,
                f -> f.lastCycleEnded() == null ? Double.NaN : f.lastCycleEnded().toEpochMilli() / 1000.0)
                .description("When the last cycle ended, unix seconds (NaN before the first)").tags(t).register(registry);
    }

    /** The registry in the Prometheus text format (what /metrics serves). */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Writes {@link #scrape()} to {@code file} for node_exporter's textfile collector: a temporary
     * file in the same directory, forced to disk, then renamed over {@code file} in one step, so
     * the collector never reads half a file.
     */
    public void writeTextfile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFile.write(file, scrape());
    }

    /**
     * Pushes the registry to a Prometheus Pushgateway through Spring Boot's
     * {@link PrometheusPushGatewayManager}, whose shutdown does the push (PUT: it replaces what the
     * group held), under job {@code recsync} and grouping key {@code recsync_job=<job>} so that
     * each recsync job keeps its own group. Returns once the push was attempted; the manager logs
     * a failed push (the run's outcome does not depend on monitoring).
     */
    public void push(URI gateway, String job) {
        String path = gateway.getPath() == null ? "" : gateway.getPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            throw new IllegalArgumentException("the Pushgateway URL " + gateway + " has a path; give only its base URL"
                    + " (scheme, host, port)");
        }
        int port = gateway.getPort() > 0 ? gateway.getPort() : "https".equals(gateway.getScheme()) ? 443 : 80;
        PushGateway pushGateway = PushGateway.builder().address(gateway.getHost() + ":" + port)
                .scheme("https".equals(gateway.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .job("recsync").groupingKey("recsync_job", job).format(Format.PROMETHEUS_TEXT)
                .registry(registry.getPrometheusRegistry()).build();
        // The periodic push is for long-lived processes; a run pushes once, at its end (shutdown).
        PrometheusPushGatewayManager manager = new PrometheusPushGatewayManager(pushGateway, Duration.ofDays(1),
                PrometheusPushGatewayManager.ShutdownOperation.PUT);
        manager.shutdown();
    }
}
