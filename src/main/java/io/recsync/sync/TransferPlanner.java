package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.store.ConflictStore;
import io.recsync.store.MetadataStore;
import io.recsync.store.PlanSignatureStore;
import io.recsync.store.PlanStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the job's links into transfer items and conflicts with set-based SQL. A recording is
 * planned at most once per target (the first link that brings it wins), so the order of the
 * links is the choice of source: by the source's priority; among equals, links carrying audio
 * first (a metadata-only link then adds its sidecars to the audio items planned for the same
 * target, see PlanStore.planMissing); then by the source's measured latency (the faster of two
 * equal sources); then by link name so that the choice is stable. Recordings every site already
 * holds are then checked for metadata edits ({@link MetadataPlanner}), over the links in the same
 * order.
 */
public final class TransferPlanner {

    /** What one plan produced, and the links in the order they were planned. */
    /**
     * @param unchangedSince when not planned again because nothing changed since a completed plan,
     *     that plan's id; else -1
     */
    /**
     * @param changedSinceRun when only the recordings with index rows stamped since a completed
     *     plan were planned, the run that computed that plan; else -1
     */
    public record PlanReport(int items, int conflicts, List<PlannedLink> order, long unchangedSince, long changedSinceRun) {
        public PlanReport(int items, int conflicts) {
            this(items, conflicts, List.of(), -1, -1);
        }

        public PlanReport(int items, int conflicts, List<PlannedLink> order, long unchangedSince) {
            this(items, conflicts, order, unchangedSince, -1);
        }
    }

    /** One link as the planner ranked it. */
    public record PlannedLink(String link, int sourcePriority, Duration sourceLatency) {}

    private final PlanStore plans;
    private final MetadataStore metadata;
    private final ConflictStore conflictStore;
    private final PlanSignatureStore signatures;
    private final boolean mayReuse;
    private final GroupPlacement groups;
    /** Legal holds and expiry counts; null in planners built without a session (unit tests). */
    private io.recsync.store.LegalHoldStore holds;
    private io.recsync.store.ExpiryStore expiry;

    /**
     * @param mayReuse whether a plan with unchanged inputs may be skipped (not for a resync, which
     *     plans in full whatever recsync remembers)
     */
    public TransferPlanner(PlanStore plans, MetadataStore metadata, ConflictStore conflicts, PlanSignatureStore signatures,
            boolean mayReuse) {
        this.plans = plans;
        this.metadata = metadata;
        this.conflictStore = conflicts;
        this.signatures = signatures;
        this.mayReuse = mayReuse;
        this.groups = null;
    }

    private TransferPlanner(TransferPlanner p, GroupPlacement groups) {
        this.plans = p.plans;
        this.metadata = p.metadata;
        this.conflictStore = p.conflictStore;
        this.signatures = p.signatures;
        this.mayReuse = p.mayReuse;
        this.groups = groups;
        this.holds = p.holds;
        this.expiry = p.expiry;
    }

    /** The same planner, refreshing the job's legal holds and counting expired recordings per link. */
    TransferPlanner withRetention(io.recsync.store.LegalHoldStore holds, io.recsync.store.ExpiryStore expiry) {
        this.holds = holds;
        this.expiry = expiry;
        return this;
    }

    /** A planner over the session's state database. */
    public static TransferPlanner of(SyncSession session) {
        return new TransferPlanner(session.plans(), new MetadataStore(session.db().jdbc(), session.db().dialect()),
                session.conflicts(), new PlanSignatureStore(session.db().jdbc()), !session.options().fullRescan())
                .withGroups(new GroupPlacement(new io.recsync.store.GroupChoiceStore(session.db().jdbc()),
                        new io.recsync.store.LinkBacklogStore(session.db().jdbc(), session.db().dialect())))
                .withRetention(new io.recsync.store.LegalHoldStore(session.db().jdbc(), session.db().dialect()),
                        new io.recsync.store.ExpiryStore(session.db().jdbc(), session.db().dialect()));
    }

    /** The same planner, trimming target groups to one member per recording (without: groups plan every member). */
    TransferPlanner withGroups(GroupPlacement g) {
        return new TransferPlanner(this, g);
    }

    /**
     * @param operatorFilter the command line's filter, as given (relative bounds resolved here)
     * @param runStart the run's start, against which relative since/until ({@code 30d}) resolve
     */
    public PlanReport plan(SiteConnectors sites, long planId, long executionId, LinkFilter operatorFilter, Instant runStart) {
        List<LinkDefinition> links = rank(sites).stream().map(l -> resolved(l, runStart)).toList();
        LinkFilter operator = operatorFilter.resolvedAt(runStart);
        List<PlannedLink> order = links.stream().map(l -> new PlannedLink(l.name(), sites.definition(l.from()).priority(),
                sites.latency(l.from()))).toList();
        String job = sites.job().name();
        if (holds != null) {
            // Before anything is decided: a held recording is never expired, never replaced.
            holds.refresh(job, sites.job().retention().legalHold(),
                    sites.job().sites().keySet().stream().map(sites::id).toList());
            for (LinkDefinition link : links) {
                expiry.record(executionId, job, link.name(), expiry.count(job, sites.id(link.from()), sites.id(link.to()),
                        link.filter().and(operator), sites.definition(link.to()).retention(), runStart));
            }
        }
        PlanSignature signature = PlanSignature.of(sites, links, operator, signatures);
        java.util.OptionalLong same = signatures.confirmedPlan(job, signature.scope(), signature.value());
        if (mayReuse && same.isPresent()) {
            // That plan's run completed with everything in place, and nothing recsync knows of any
            // site has changed since: planning again would find exactly nothing.
            return new PlanReport(0, 0, order, same.getAsLong());
        }
        // Only rows inserted or updated under a run's stamp changed since a confirmed plan began (the
        // sites' unstamped versions are as it saw them): every other recording is as that plan left it,
        // with nothing to do, so only the recordings with a row stamped after its execution, or copied by
        // its items, are planned. A plan's findings for a recording depend on that recording's rows
        // alone (its index rows at the sites, its baselines and conflicts); a change that no stamp
        // records bumps the unstamped version, and the next plan is in full.
        java.util.Optional<PlanSignatureStore.ConfirmedBase> base = mayReuse
                ? signatures.confirmedBase(job, signature.scope(), signature.base()) : java.util.Optional.empty();
        signatures.record(job, signature.scope(), signature.value(), signature.base(), planId, executionId);
        base.ifPresent(b -> {
            plans.forgetScope(planId);
            plans.scopeChanges(planId, b.stampFrom(), b.planId());
        });
        Long scopePlan = base.isPresent() ? planId : null;
        int items = 0;
        int conflicts = 0;
        for (LinkDefinition link : links) {
            PlanStore.LinkScope scope = new PlanStore.LinkScope(planId, link.name(), sites.id(link.from()),
                    sites.id(link.to()), link.filter().and(operator), base.isPresent(),
                    sites.definition(link.to()).retention(), job, runStart);
            items += plans.planMissing(scope);
            conflicts += plans.planConflicts(sites.job().name(), executionId, link.from(), link.to(), scope);
        }
        // A target group's members were each planned like any link: keep one member per recording.
        if (groups != null) {
            items -= groups.trim(sites, links, planId, executionId);
        }
        PlanReport updates = new MetadataPlanner(metadata, conflictStore, sites).plan(links, planId, executionId, operator,
                scopePlan);
        if (base.isPresent()) {
            plans.forgetScope(planId);
        }
        return new PlanReport(items + updates.items(), conflicts + updates.conflicts(), order, -1,
                base.map(PlanSignatureStore.ConfirmedBase::stampFrom).orElse(-1L));
    }

    /** The link with its relative since/until resolved against the run's start. */
    private static LinkDefinition resolved(LinkDefinition l, Instant runStart) {
        return new LinkDefinition(l.from(), l.to(), l.filter().resolvedAt(runStart), l.schedule(), l.name(), l.origin(),
                l.group());
    }

    /** The links by (source priority, audio first, source latency in whole ms, link name). */
    static List<LinkDefinition> rank(SiteConnectors sites) {
        return sites.job().links().stream()
                .sorted(Comparator.<LinkDefinition>comparingInt(l -> sites.definition(l.from()).priority())
                        .thenComparing(l -> !l.filter().audio())
                        .thenComparingLong(l -> SiteLatency.millis(sites.latency(l.from())))
                        .thenComparing(LinkDefinition::name))
                .toList();
    }
}
