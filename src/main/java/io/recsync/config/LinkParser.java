package io.recsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a job's {@code links:} list and checks it against the job's sites. */
final class LinkParser {

    private LinkParser() {}

    static List<LinkDefinition> parse(Settings root, Map<String, SiteDefinition> sites) {
        if (!root.has("links")) {
            throw root.error("links", "is required: say who replicates to whom, e.g. links: [ { from: hq, to: dr } ]"
                    + " (see jobs/README.md)");
        }
        List<Settings> items = root.childList("links");
        if (items.isEmpty()) {
            throw root.error("links", "is empty; add at least one link such as - { from: hq, to: dr }");
        }
        List<LinkDefinition> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Settings link = items.get(i);
            KnownFields.check(link, "from", "to", "filter");
            String from = site(link, "from", sites);
            String to = site(link, "to", sites);
            if (from.equals(to)) {
                throw link.error("to", "is the same site as 'from' ('" + to + "'); a link copies between two sites");
            }
            if (sites.get(to).readOnly()) {
                throw link.error("to", "names site '" + to + "', which is read-only (mode: ro) and is never written;"
                        + " set its mode to rw or remove this link");
            }
            Integer first = seen.putIfAbsent(from + "->" + to, i);
            if (first != null) {
                // Progress and history are keyed by the link's name, so two hq->dr links would collide.
                throw link.errorHere("repeats links[" + first + "] (" + from + " -> " + to + "); keep one link per"
                        + " pair of sites and merge their filters");
            }
            LinkFilter filter = link.has("filter") ? FilterParser.parse(link.child("filter")) : LinkFilter.ALL;
            link.finish();
            out.add(new LinkDefinition(from, to, filter));
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
