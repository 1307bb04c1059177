package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.config.SiteDefinition;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.store.SiteStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's sites opened once for the whole run: connectors are shared by the transfer threads
 * (each connector pools its own connections) and closed together at the end.
 */
public final class SiteConnectors implements AutoCloseable {

    private final JobDefinition job;
    private final ConnectorCatalog catalog;
    private final SiteStore siteStore;
    private final Map<String, Connector> open = new LinkedHashMap<>();
    private final Map<String, Long> ids = new LinkedHashMap<>();
    private final Map<Long, String> names = new LinkedHashMap<>();
    private final Map<String, java.time.Duration> latencies = new LinkedHashMap<>();

    public SiteConnectors(JobDefinition job, ConnectorCatalog catalog, SiteStore siteStore) {
        this.job = job;
        this.catalog = catalog;
        this.siteStore = siteStore;
    }

    public JobDefinition job() {
        return job;
    }

    public synchronized Connector connector(String site) {
        return open.computeIfAbsent(site, s -> catalog.open(job.site(s).connector()));
    }

    public Connector connector(long siteId) {
        return connector(name(siteId));
    }

    /**
     * The site's latency ({@link SiteLatency}), measured once per run on first use: the planner
     * prefers the fastest of equally prioritised sources, and a run is short enough that a link's
     * speed does not change its mind half-way.
     */
    public synchronized java.time.Duration latency(String site) {
        return latencies.computeIfAbsent(site, s -> SiteLatency.measure(connector(s)));
    }

    public SiteDefinition definition(String site) {
        return job.site(site);
    }

    /** The site's row id in the state database (created on first use). */
    public synchronized long id(String site) {
        Long id = ids.get(site);
        if (id == null) {
            id = siteStore.idFor(job.name(), site, connector(site).describe());
            ids.put(site, id);
            names.put(id, site);
        }
        return id;
    }

    public synchronized String name(long siteId) {
        String n = names.get(siteId);
        if (n == null) {
            n = siteStore.siteName(siteId);
            names.put(siteId, n);
        }
        return n;
    }

    @Override
    public synchronized void close() {
        for (Connector c : open.values()) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing is best effort; the run's result is already decided
            }
        }
        open.clear();
    }
}
