package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.store.ConflictStore;
import io.recsync.store.MetadataStore;
import io.recsync.store.PlanStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the job's links into transfer items and conflicts with set-based SQL. A recording is
 * planned at most once per target (the first link that brings it wins), so the order of the
 * links is the choice of source: by the source's priority, then by its measured latency (the
 * faster of two equal sources), then by link name so that the choice is stable.
 * Recordings every site already holds are then checked for metadata edits ({@link MetadataPlanner}),
 * over the links in the same order.
 */
public final class TransferPlanner {

    /** What one plan produced, and the links in the order they were planned. */
    public record PlanReport(int items, int conflicts, List<PlannedLink> order) {
        public PlanReport(int items, int conflicts) {
            this(items, conflicts, List.of());
        }
    }

    /** One link as the planner ranked it. */
    public record PlannedLink(String link, int sourcePriority, Duration sourceLatency) {}

    private final PlanStore plans;
    private final MetadataStore metadata;
    private final ConflictStore conflictStore;

    public TransferPlanner(PlanStore plans, MetadataStore metadata, ConflictStore conflicts) {
        this.plans = plans;
        this.metadata = metadata;
        this.conflictStore = conflicts;
    }

    /** A planner over the session's state database. */
    public static TransferPlanner of(SyncSession session) {
        return new TransferPlanner(session.plans(), new MetadataStore(session.db().jdbc(), session.db().dialect()),
                session.conflicts());
    }

    /**
     * @param operatorFilter the command line's filter, as given (relative bounds resolved here)
     * @param runStart the run's start, against which relative since/until ({@code 30d}) resolve
     */
    public PlanReport plan(SiteConnectors sites, long planId, long executionId, LinkFilter operatorFilter, Instant runStart) {
        List<PlannedLink> order = rank(sites);
        LinkFilter operator = operatorFilter.resolvedAt(runStart);
        int items = 0;
        int conflicts = 0;
        for (PlannedLink planned : order) {
            LinkDefinition link = resolvedLink(sites, planned, runStart);
            PlanStore.LinkScope scope = new PlanStore.LinkScope(planId, link.name(), sites.id(link.from()),
                    sites.id(link.to()), link.filter().and(operator));
            items += plans.planMissing(scope);
            conflicts += plans.planConflicts(sites.job().name(), executionId, link.from(), link.to(), scope);
        }
        List<LinkDefinition> ranked = order.stream().map(p -> resolvedLink(sites, p, runStart)).toList();
        PlanReport updates = new MetadataPlanner(metadata, conflictStore, sites).plan(ranked, planId, executionId, operator);
        return new PlanReport(items + updates.items(), conflicts + updates.conflicts(), order);
    }

    /** The link named by {@code planned}, its relative since/until resolved against the run's start. */
    private static LinkDefinition resolvedLink(SiteConnectors sites, PlannedLink planned, Instant runStart) {
        LinkDefinition link = sites.job().links().stream().filter(l -> l.name().equals(planned.link())).findFirst()
                .orElseThrow();
        return new LinkDefinition(link.from(), link.to(), link.filter().resolvedAt(runStart));
    }

    /** The links by (source priority, source latency in whole ms, link name). */
    static List<PlannedLink> rank(SiteConnectors sites) {
        return sites.job().links().stream()
                .map(l -> new PlannedLink(l.name(), sites.definition(l.from()).priority(), sites.latency(l.from())))
                .sorted(Comparator.comparingInt(PlannedLink::sourcePriority)
                        .thenComparingLong(p -> SiteLatency.millis(p.sourceLatency()))
                        .thenComparing(PlannedLink::link))
                .toList();
    }
}
