package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.store.ConflictStore;
import io.recsync.store.MetadataStore;
import io.recsync.store.PlanStore;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the job's links into transfer items and conflicts with set-based SQL. Links are planned
 * by their source's priority, so a recording several sources hold is copied once, from the best;
 * among links of equal priority, those carrying audio first. Recordings every site already holds
 * are then checked for metadata edits ({@link MetadataPlanner}).
 */
public final class TransferPlanner {

    /** What one plan produced. */
    public record PlanReport(int items, int conflicts) {}

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
        return new TransferPlanner(session.plans(), new MetadataStore(session.db().jdbc()), session.conflicts());
    }

    public PlanReport plan(SiteConnectors sites, long planId, long executionId, LinkFilter operatorFilter) {
        List<LinkDefinition> links = sites.job().links().stream()
                .sorted(Comparator.<LinkDefinition>comparingInt(l -> sites.definition(l.from()).priority())
                        // Audio first: a metadata-only link then adds its sidecars to the audio items
                        // planned for the same target (see PlanStore.planMissing).
                        .thenComparing(l -> !l.filter().audio()))
                .toList();
        int items = 0;
        int conflicts = 0;
        for (LinkDefinition link : links) {
            PlanStore.LinkScope scope = new PlanStore.LinkScope(planId, link.name(), sites.id(link.from()),
                    sites.id(link.to()), link.filter().and(operatorFilter));
            items += plans.planMissing(scope);
            conflicts += plans.planConflicts(sites.job().name(), executionId, link.from(), link.to(), scope);
        }
        PlanReport updates = new MetadataPlanner(metadata, conflictStore, sites).plan(links, planId, executionId,
                operatorFilter);
        return new PlanReport(items + updates.items(), conflicts + updates.conflicts());
    }
}
