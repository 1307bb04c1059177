package io.recsync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link Topology} into links. A link whose target is read-only ({@code mode: ro}) is
 * not generated: such a site is a source only, even in a mesh, and an explicit link to it would
 * be refused anyway.
 */
public final class TopologyExpander {

    public static final String ORIGIN = "topology";

    private TopologyExpander() {}

    /** @return the links in a stable order (the sites' order in the topology) */
    public static List<LinkDefinition> expand(Topology topology, Map<String, SiteDefinition> sites) {
        List<LinkDefinition> out = new ArrayList<>();
        switch (topology.kind()) {
            case MESH, TWO_WAY -> {
                for (String from : topology.sites()) {
                    for (String to : topology.sites()) {
                        if (!from.equals(to)) {
                            add(out, from, to, topology, sites);
                        }
                    }
                }
            }
            case HUB -> {
                String hub = topology.hub();
                for (String spoke : topology.sites()) {
                    if (!spoke.equals(hub)) {
                        add(out, spoke, hub, topology, sites);
                        add(out, hub, spoke, topology, sites);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<LinkDefinition> out, String from, String to, Topology t, Map<String, SiteDefinition> sites) {
        if (sites.get(to).readOnly()) {
            return;
        }
        out.add(new LinkDefinition(from, to, t.filter(), t.schedule(), LinkDefinition.pairName(from, to), ORIGIN));
    }
}
