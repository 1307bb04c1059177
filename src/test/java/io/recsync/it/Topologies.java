package io.recsync.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code links:} of a job file for the usual topologies, written out link by link as an
 * operator without a shorthand would. Each method returns the YAML block, {@code links:} line
 * included; a link never points at a site in {@code readOnly} (the job loader refuses that).
 */
final class Topologies {

    private Topologies() {}

    /** A link from every site to every other writable site (multi-master). */
    static String mesh(List<String> sites, Set<String> readOnly) {
        List<String[]> links = new ArrayList<>();
        for (String from : sites) {
            for (String to : sites) {
                if (!from.equals(to) && !readOnly.contains(to)) {
                    links.add(new String[] {from, to});
                }
            }
        }
        return yaml(links);
    }

    /** {@code from -> to} only. */
    static String oneWay(String from, String to) {
        return yaml(List.<String[]>of(new String[] {from, to}));
    }

    /** {@code a -> b} and {@code b -> a}. */
    static String twoWay(String a, String b) {
        return mesh(List.of(a, b), Set.of());
    }

    /** Each spoke to the hub and the hub to each spoke; no link between two spokes. */
    static String hub(String hub, List<String> spokes) {
        List<String[]> links = new ArrayList<>();
        for (String spoke : spokes) {
            links.add(new String[] {spoke, hub});
            links.add(new String[] {hub, spoke});
        }
        return yaml(links);
    }

    private static String yaml(List<String[]> links) {
        StringBuilder out = new StringBuilder("links:\n");
        for (String[] l : links) {
            out.append("  - { from: ").append(l[0]).append(", to: ").append(l[1]).append(" }\n");
        }
        return out.toString();
    }
}
