package io.recsync.sync;

import io.recsync.config.ConflictPolicy;
import io.recsync.config.LinkDefinition;
import io.recsync.config.LinkFilter;
import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.MetadataStore;
import io.recsync.store.MetadataStore.Held;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plans metadata (user data) updates between sites that hold the same audio: an edit made at one
 * site is carried to the others as a verified replace of the sidecar only; edits made at two
 * sites are a conflict the job's policy settles or leaves to a person. The database finds the
 * differences; {@link MetadataReconciler} decides one recording at a time, a page at a time.
 */
final class MetadataPlanner {

    private static final int PAGE = 500;

    private final MetadataStore store;
    private final ConflictStore conflicts;
    private final SiteConnectors sites;

    MetadataPlanner(MetadataStore store, ConflictStore conflicts, SiteConnectors sites) {
        this.store = store;
        this.conflicts = conflicts;
        this.sites = sites;
    }

    /**
     * @param links the run's links in planning order (best source first), relative since/until
     *     already resolved against the run's start, as is {@code operatorFilter}
     * @return items planned and conflicts newly recorded
     */
    TransferPlanner.PlanReport plan(List<LinkDefinition> links, long planId, long executionId, LinkFilter operatorFilter) {
        return plan(links, planId, executionId, operatorFilter, null);
    }

    /** @param scopePlan when not null, only the recordings in that plan's scope (PlanStore#scopeChanges) */
    TransferPlanner.PlanReport plan(List<LinkDefinition> links, long planId, long executionId, LinkFilter operatorFilter,
            Long scopePlan) {
        List<Long> siteIds = sites.job().sites().keySet().stream().map(sites::id).toList();
        store.settleBaselines(siteIds, scopePlan);
        for (int i = 0; i < links.size(); i++) {
            LinkDefinition link = links.get(i);
            LinkFilter filter = link.filter().and(operatorFilter);
            if (filter.metadata()) {
                store.noteDifferences(planId, i, link.name(), sites.id(link.from()), sites.id(link.to()), filter,
                        scopePlan);
            }
        }
        MetadataReconciler reconciler = new MetadataReconciler(sites.job().policy());
        String stamp = ConflictCopies.stamp(Instant.now());
        int items = 0;
        int opened = 0;
        UUID after = null;
        for (List<UUID> page = store.differingAfter(planId, null, PAGE); !page.isEmpty();
                page = store.differingAfter(planId, after, PAGE)) {
            after = page.get(page.size() - 1);
            Map<UUID, List<MetadataStore.Edge>> edges = store.edges(planId, page);
            Map<UUID, List<Held>> held = store.holders(siteIds, page);
            Map<UUID, String> onHold = store.heldAmong(sites.job().name(), page);
            List<MetadataStore.Update> updates = new ArrayList<>();
            List<ConflictRecord> found = new ArrayList<>();
            for (UUID id : page) {
                List<MetadataStore.Edge> e = edges.getOrDefault(id, List.of());
                List<MetadataReconciler.Holder> holders = holders(held.getOrDefault(id, List.of()), e);
                MetadataReconciler.Decision d = reconciler.decide(id, holders,
                        e.stream().map(x -> new MetadataReconciler.Edge(x.sourceSiteId(), x.targetSiteId(), x.linkName()))
                                .toList());
                Map<Long, Recording> bySite = new java.util.HashMap<>();
                held.getOrDefault(id, List.of()).forEach(h -> bySite.put(h.siteId(), h.recording()));
                String hold = onHold.get(id);
                if (hold != null) {
                    // Evidence on legal hold: no policy and no edit replaces its files at any site. Each
                    // difference waits, open, for the hold to be lifted.
                    for (MetadataReconciler.Disagreement x : d.disagreements()) {
                        found.add(conflict(sites.job().policy(), bySite, new MetadataReconciler.Disagreement(x.first(),
                                x.second(), null), hold));
                    }
                    for (MetadataReconciler.Update u : d.updates()) {
                        found.add(conflict(sites.job().policy(), bySite, new MetadataReconciler.Disagreement(u.source(),
                                u.target(), null), hold));
                    }
                    continue;
                }
                for (MetadataReconciler.Update u : d.updates()) {
                    Recording target = bySite.get(u.target().siteId());
                    updates.add(new MetadataStore.Update(u.edge().linkName(), u.source().siteId(), u.target().siteId(),
                            bySite.get(u.source().siteId()), target.metadata().sha256(),
                            u.keepLoserBeside() ? ConflictCopies.besideName(target.metadata().path().value(),
                                    u.target().site(), stamp) : null));
                }
                for (MetadataReconciler.Disagreement x : d.disagreements()) {
                    found.add(conflict(sites.job().policy(), bySite, x, null));
                }
            }
            items += store.planUpdates(planId, updates);
            opened += conflicts.record(executionId, found);
        }
        store.forget(planId);
        return new TransferPlanner.PlanReport(items, opened);
    }

    /**
     * Holders with the audio the differing links share: a site with other audio under this id
     * is an audio conflict, recorded elsewhere, and takes no part in settling metadata.
     */
    private List<MetadataReconciler.Holder> holders(List<Held> held, List<MetadataStore.Edge> edges) {
        String audio = null;
        for (Held h : held) {
            if (!edges.isEmpty() && h.siteId() == edges.get(0).sourceSiteId()) {
                audio = h.recording().audio().sha256();
            }
        }
        List<MetadataReconciler.Holder> out = new ArrayList<>();
        for (Held h : held) {
            Recording r = h.recording();
            if (r.metadata() == null || !r.audio().sha256().equals(audio)) {
                continue;
            }
            String site = sites.name(h.siteId());
            out.add(new MetadataReconciler.Holder(h.siteId(), site, sites.definition(site).priority(),
                    r.metadata().path().value(), r.metadata().sha256(), r.version(), r.updatedAt(), h.baselineSha256(),
                    h.decided()));
        }
        return out;
    }

    private ConflictRecord conflict(ConflictPolicy policy, Map<Long, Recording> bySite, MetadataReconciler.Disagreement x,
            String hold) {
        Recording a = bySite.get(x.first().siteId());
        Recording b = bySite.get(x.second().siteId());
        String detail;
        if (hold != null) {
            detail = "recording " + a.id() + " is on legal hold (" + hold + "): its metadata differs between the sites and"
                    + " neither policy '" + policy.word() + "' nor an edit replaces a held recording's files; both are"
                    + " left as they are until the hold is lifted in the job file";
        } else if (x.winner() == null) {
            detail = "metadata was changed at both sites since they last agreed; policy 'log' leaves both untouched until "
                    + "a person settles it";
        } else {
            String loser = x.winner().siteId() == x.first().siteId() ? x.second().site() : x.first().site();
            detail = "metadata was changed at both sites; policy '" + policy.word() + "' kept " + x.winner().site()
                    + "'s (version " + x.winner().version() + ") and replaced " + loser + "'s, which is kept in "
                    + ".recsync/quarantine/ there" + (policy == ConflictPolicy.KEEP_BOTH ? " and beside it as a "
                    + ".conflict- copy" : "");
        }
        ConflictRecord c = ConflictRecord.found(sites.job().name(), "METADATA_DIFFERS", a.id(), a.tenant(),
                x.first().site(), x.second().site(), a.metadata().path().value(), a.metadata().size(),
                a.metadata().sha256(), b.metadata().path().value(), b.metadata().size(), b.metadata().sha256(), detail)
                .withVersions(a.version(), b.version(), a.updatedAt(), b.updatedAt());
        return x.winner() == null ? c
                : c.settledBy("policy:" + policy.word(), x.winner().siteId() == x.first().siteId() ? "source" : "target");
    }
}
