package io.recsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job's {@code links:} list and {@code topology:} shorthand, checks them against the
 * job's sites, and gives every link its name. An explicit link replaces the expanded one of the
 * same pair and schedule, so one link of a mesh can carry a narrower filter.
 */
final class LinkParser {

    private LinkParser() {}

    static List<LinkDefinition> parse(Settings root, Map<String, SiteDefinition> sites) {
        boolean hasTopology = root.has("topology");
        if (!root.has("links") && !hasTopology) {
            throw root.error("links", "is required: say who replicates to whom, e.g. links: [ { from: hq, to: dr } ],"
                    + " or give a topology: mesh (see jobs/README.md)");
        }
        // Keyed by pair and schedule: an explicit link takes the place of the expanded one.
        Map<String, LinkDefinition> byKey = new LinkedHashMap<>();
        if (hasTopology) {
            for (LinkDefinition l : TopologyExpander.expand(TopologyParser.parse(root, sites), sites)) {
                byKey.put(l.key(), l);
            }
        }
        List<Settings> items = root.childList("links");
        if (items.isEmpty() && !hasTopology) {
            throw root.error("links", "is empty; add at least one link such as - { from: hq, to: dr }");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            for (LinkDefinition link : explicit(items.get(i), i, sites)) {
                Integer first = seen.putIfAbsent(link.key(), i);
                if (first != null) {
                    // Progress and history are keyed by the link's name, so two hq->dr links of one schedule would collide.
                    throw items.get(i).errorHere("repeats links[" + first + "] (" + link.from() + " -> " + link.to()
                            + (link.schedule() == null ? "" : ", schedule " + link.schedule().label()) + "); keep one link"
                            + " per pair of sites and schedule (a target group counts as one link to each of its sites):"
                            + " merge their filters, or give them different schedules");
                }
                byKey.put(link.key(), link);
            }
        }
        if (byKey.isEmpty()) {
            throw root.error("topology", "generates no link: every site it joins but one is read-only (mode: ro); make a"
                    + " target writable or add links:");
        }
        return named(byKey.values());
    }

    private static List<LinkDefinition> explicit(Settings link, int index, Map<String, SiteDefinition> sites) {
        KnownFields.check(link, "from", "to", "filter", "schedule", "release");
        String from = site(link, "from", sites);
        if (link.peek("to") instanceof List) {
            return group(link, index, from, sites);
        }
        if (link.has("release")) {
            // Only a group has fallback copies to release; on a plain link it would delete nothing,
            // and a reader could think recsync deletes from this target.
            throw link.error("release", "is for a target group only (to: [{ site: dr1, priority: 10 }, { site: cold,"
                    + " priority: 20 }]): it deletes a recording's fallback copy once its preferred member holds it."
                    + " A plain link never deletes; remove release from this link");
        }
        String to = site(link, "to", sites);
        target(link, "to", from, to, sites);
        LinkFilter filter = link.has("filter") ? FilterParser.parse(link.child("filter")) : LinkFilter.ALL;
        Schedule schedule = link.optional("schedule", null, Schedule::parse);
        link.finish();
        return List.of(new LinkDefinition(from, to, filter, schedule, LinkDefinition.pairName(from, to),
                "links[" + index + "]"));
    }

    private static void target(Settings s, String field, String from, String to, Map<String, SiteDefinition> sites) {
        if (from.equals(to)) {
            throw s.error(field, "is the same site as 'from' ('" + to + "'); a link copies between two sites");
        }
        if (sites.get(to).readOnly()) {
            throw s.error(field, "names site '" + to + "', which is read-only (mode: ro) and is never written;"
                    + " set its mode to rw or remove this link");
        }
    }

    /**
     * {@code to: [{ site: dr1, priority: 10, weight: 60 }, ...]}: one link per member, each carrying
     * the group. Priority defaults to {@link TargetGroup#DEFAULT_PRIORITY}, weight to
     * {@link TargetGroup#DEFAULT_WEIGHT}.
     */
    @SuppressWarnings("unchecked")
    private static List<LinkDefinition> group(Settings link, int index, String from, Map<String, SiteDefinition> sites) {
        List<Object> raw = (List<Object>) link.peek("to");
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map)) {
                throw link.error("to[" + i + "]", "is not a mapping; a target group lists its sites as"
                        + " - { site: dr1, priority: 10, weight: 60 } (for one target write to: dr1)");
            }
        }
        List<Settings> entries = link.childList("to");
        if (entries.size() < 2) {
            throw link.error("to", "lists " + entries.size() + " site(s); a target group needs at least two (for one"
                    + " target write to: <site>)");
        }
        List<TargetGroup.Member> members = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Settings e : entries) {
            KnownFields.check(e, "site", "priority", "weight");
            String site = site(e, "site", sites);
            target(e, "site", from, site, sites);
            if (!named.add(site)) {
                throw e.error("site", "names '" + site + "' a second time in this group; name each site once");
            }
            int priority = e.optionalInt("priority", TargetGroup.DEFAULT_PRIORITY, 0, 65535);
            int weight = e.optionalInt("weight", TargetGroup.DEFAULT_WEIGHT, 1, 65535);
            e.finish();
            members.add(new TargetGroup.Member(site, priority, weight));
        }
        LinkFilter filter = link.has("filter") ? FilterParser.parse(link.child("filter")) : LinkFilter.ALL;
        Schedule schedule = link.optional("schedule", null, Schedule::parse);
        boolean release = link.optionalBoolean("release", false);
        link.finish();
        TargetGroup g = TargetGroup.of(from, members, release);
        List<LinkDefinition> out = new ArrayList<>();
        for (TargetGroup.Member m : members) {
            out.add(new LinkDefinition(from, m.site(), filter, schedule, LinkDefinition.pairName(from, m.site()),
                    "links[" + index + "] group", g));
        }
        return out;
    }

    /**
     * {@code hq->dr} for the only link of a pair; {@code hq->dr@hourly} when a pair has several,
     * so each keeps its own progress and history.
     */
    private static List<LinkDefinition> named(java.util.Collection<LinkDefinition> links) {
        Map<String, Integer> perPair = new HashMap<>();
        links.forEach(l -> perPair.merge(LinkDefinition.pairName(l.from(), l.to()), 1, Integer::sum));
        List<LinkDefinition> out = new ArrayList<>();
        for (LinkDefinition l : links) {
            out.add(perPair.get(LinkDefinition.pairName(l.from(), l.to())) > 1 ? l.named(l.key()) : l);
        }
        return List.copyOf(out);
    }

    private static String site(Settings link, String key, Map<String, SiteDefinition> sites) {
        String name = link.requireString(key).trim();
        if (!sites.containsKey(name)) {
            throw link.error(key, "names no site of this job: '" + name + "'; sites: " + String.join(", ", sites.keySet()));
        }
        return name;
    }
}
