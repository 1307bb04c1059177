package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.config.TargetGroup;
import io.recsync.store.GroupChoiceStore;
import io.recsync.store.LinkBacklogStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Trims a plan to one member per recording for every target group. The planner first plans each
 * reachable member's link like any link (what the member lacks); this pass then keeps, per
 * recording, at most one audio item:
 * <ul>
 *   <li>the item of its preferred member ({@link Rendezvous}) when that member is reachable and
 *       lacks it (also when a fallback member already holds it: that is the fill after an outage);
 *   <li>else, only when no member of the group holds it yet, the item of the member it is placed on
 *       this run (a fallback, recorded as such in {@code group_choice});
 *   <li>nothing otherwise (held by a member while its preferred one is still down).
 * </ul>
 * Metadata-only items (a sidecar beside audio a member already holds) are left as planned. Each
 * recording's preferred member is recorded, so the backlog of a member's link counts only what
 * is owed to it.
 */
final class GroupPlacement {

    private static final int FLUSH = 1000;

    private final GroupChoiceStore store;
    private final LinkBacklogStore known;

    GroupPlacement(GroupChoiceStore store, LinkBacklogStore known) {
        this.store = store;
        this.known = known;
    }

    /**
     * @param links the run's links (a member whose link is absent was found unreachable)
     * @return the number of planned items dropped
     */
    int trim(SiteConnectors sites, List<LinkDefinition> links, long planId, long executionId) {
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        Map<String, List<LinkDefinition>> present = new LinkedHashMap<>();
        for (LinkDefinition l : links) {
            if (l.group() != null) {
                groups.putIfAbsent(l.group().name(), l.group());
                present.computeIfAbsent(l.group().name(), k -> new ArrayList<>()).add(l);
            }
        }
        int dropped = 0;
        for (TargetGroup g : groups.values()) {
            dropped += trim(sites, g, present.get(g.name()), planId, executionId);
        }
        return dropped;
    }

    private int trim(SiteConnectors sites, TargetGroup g, List<LinkDefinition> memberLinks, long planId, long executionId) {
        String job = sites.job().name();
        Set<String> reachable = new LinkedHashSet<>();
        memberLinks.forEach(l -> reachable.add(l.to()));
        // Every member's holdings count, the unreachable ones' as last indexed (no connection is made to them).
        Map<String, Long> knownSites = known.knownSites(job);
        List<Long> memberIds = new ArrayList<>();
        Map<Long, String> siteOf = new LinkedHashMap<>();
        for (TargetGroup.Member m : g.members()) {
            Long id = reachable.contains(m.site()) ? Long.valueOf(sites.id(m.site())) : knownSites.get(m.site());
            if (id != null) {
                memberIds.add(id);
                siteOf.put(id, m.site());
            }
        }
        List<String> linkNames = memberLinks.stream().map(LinkDefinition::name).toList();
        List<Long> drop = new ArrayList<>();
        List<GroupChoiceStore.Choice> choices = new ArrayList<>();
        List<Object[]> kept = new ArrayList<>();
        List<GroupChoiceStore.PlannedItem> same = new ArrayList<>();
        int[] dropped = {0};
        Runnable decide = () -> {
            if (same.isEmpty()) {
                return;
            }
            UUID id = same.get(0).recordingId();
            Rendezvous.Choice c = Rendezvous.choose(g, id.toString(), reachable);
            boolean held = same.get(0).heldByMembers() > 0;
            String keep = null;
            for (GroupChoiceStore.PlannedItem item : same) {
                if (siteOf.get(item.targetSiteId()).equals(c.preferred())) {
                    keep = c.preferred();
                }
            }
            if (keep == null && !held && c.placed() != null) {
                for (GroupChoiceStore.PlannedItem item : same) {
                    if (siteOf.get(item.targetSiteId()).equals(c.placed())) {
                        keep = c.placed();
                    }
                }
            }
            for (GroupChoiceStore.PlannedItem item : same) {
                if (keep == null || !siteOf.get(item.targetSiteId()).equals(keep)) {
                    drop.add(item.itemId());
                } else {
                    kept.add(new Object[] {item.itemId(), !keep.equals(c.preferred())});
                }
            }
            choices.add(new GroupChoiceStore.Choice(id, c.preferred(),
                    keep != null && !keep.equals(c.preferred()) ? keep : null));
            same.clear();
            if (choices.size() >= FLUSH) {
                store.record(job, g.name(), executionId, choices);
                choices.clear();
            }
            if (kept.size() >= FLUSH) {
                store.markKept(g.name(), kept);
                kept.clear();
            }
            if (drop.size() >= FLUSH) {
                store.dropItems(drop);
                dropped[0] += drop.size();
                drop.clear();
            }
        };
        store.forEachPlanned(planId, linkNames, memberIds, item -> {
            if (!same.isEmpty() && !same.get(0).recordingId().equals(item.recordingId())) {
                decide.run();
            }
            same.add(item);
        });
        decide.run();
        store.record(job, g.name(), executionId, choices);
        store.markKept(g.name(), kept);
        store.dropItems(drop);
        return dropped[0] + drop.size();
    }
}
