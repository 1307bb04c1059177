package io.recsync.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job's {@code topology:} (the scalar {@code mesh}/{@code two-way} or the mapping with
 * {@code kind}, {@code hub}, {@code sites}, {@code filter}, {@code schedule}) and checks it against
 * the job's sites, so that every problem is reported at its line.
 */
final class TopologyParser {

    private static final String[] KINDS = {"mesh", "two-way", "hub"};

    private TopologyParser() {}

    static Topology parse(Settings root, Map<String, SiteDefinition> sites) {
        if (root.peek("topology") instanceof Map) {
            return mapping(root.child("topology"), sites);
        }
        String kind = root.optionalChoice("topology", null, KINDS);
        if (kind.equals("hub")) {
            throw root.error("topology", "is hub, which needs the hub site: write topology: { kind: hub, hub: <site> }"
                    + " (see jobs/README.md)");
        }
        List<String> all = List.copyOf(sites.keySet());
        checkCount(root, "topology", Topology.Kind.of(kind), all);
        return new Topology(Topology.Kind.of(kind), null, all, LinkFilter.ALL, null);
    }

    private static Topology mapping(Settings t, Map<String, SiteDefinition> sites) {
        KnownFields.check(t, "kind", "hub", "sites", "filter", "schedule");
        String kindText = t.optionalChoice("kind", null, KINDS);
        if (kindText == null) {
            throw t.error("kind", "is required: mesh, two-way or hub");
        }
        Topology.Kind kind = Topology.Kind.of(kindText);
        String hub = hub(t, kind, sites);
        List<String> members = members(t, sites, hub);
        checkCount(t, t.has("sites") ? "sites" : "kind", kind, members);
        LinkFilter filter = t.has("filter") ? FilterParser.parse(t.child("filter")) : LinkFilter.ALL;
        Schedule schedule = t.optional("schedule", null, Schedule::parse);
        t.finish();
        return new Topology(kind, hub, members, filter, schedule);
    }

    private static String hub(Settings t, Topology.Kind kind, Map<String, SiteDefinition> sites) {
        if (kind != Topology.Kind.HUB) {
            if (t.has("hub")) {
                throw t.error("hub", "applies to kind: hub only; remove it, or set kind: hub");
            }
            return null;
        }
        if (!t.has("hub")) {
            throw t.error("hub", "is required for kind: hub: name the site every other site replicates through");
        }
        String hub = t.requireString("hub").trim();
        if (!sites.containsKey(hub)) {
            throw t.error("hub", "names no site of this job: '" + hub + "'; sites: " + String.join(", ", sites.keySet()));
        }
        return hub;
    }

    /** The named sites (default: all), in the job's order; the hub always among them. */
    private static List<String> members(Settings t, Map<String, SiteDefinition> sites, String hub) {
        if (!t.has("sites")) {
            return List.copyOf(sites.keySet());
        }
        Set<String> named = new LinkedHashSet<>();
        for (String raw : t.optionalStringList("sites")) {
            String name = raw.trim();
            if (!sites.containsKey(name)) {
                throw t.error("sites", "names no site of this job: '" + name + "'; sites: " + String.join(", ", sites.keySet()));
            }
            if (!named.add(name)) {
                throw t.error("sites", "names '" + name + "' twice; name each site once");
            }
        }
        if (hub != null) {
            named.add(hub);
        }
        List<String> inJobOrder = new ArrayList<>();
        sites.keySet().stream().filter(named::contains).forEach(inJobOrder::add);
        return List.copyOf(inJobOrder);
    }

    private static void checkCount(Settings s, String field, Topology.Kind kind, List<String> members) {
        if (members.size() < 2) {
            throw s.error(field, "gives the topology " + members.size() + " site(s) (" + String.join(", ", members)
                    + "); a topology needs at least two sites");
        }
        if (kind == Topology.Kind.TWO_WAY && members.size() != 2) {
            throw s.error(field, "gives two-way " + members.size() + " sites (" + String.join(", ", members) + "); two-way"
                    + " joins exactly two: name them with sites: [a, b], or use mesh for every site to every other");
        }
    }
}
