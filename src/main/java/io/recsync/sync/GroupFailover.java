package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.config.SiteDefinition;
import io.recsync.config.TargetGroup;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At the start of a run, which members of the job's target groups can be reached; the job as the
 * run then sees it. A member is unreachable when opening it and reading its site sentinel fails
 * the way a down site fails a run (connection refused, timeout, reset: exit 1, "rerun when it is
 * back"). Such a member's link, and the site itself when no other link uses it, are left out of
 * this run, so the planner places its recordings on the next member. A member that fails for a
 * reason to fix (login refused, host key, missing bucket: exit 2) is not failed over: the run
 * stops on it as it would without a group, because copying elsewhere would hide a broken
 * configuration. When every member of a group is down, none is left out and the run fails as it
 * would without a group (exit 1): there is nowhere to copy to.
 *
 * <p>Sites that are a source or the target of a plain link are never probed here: a run needs them.
 */
public final class GroupFailover {

    /**
     * @param job the job this run works with
     * @param down each member left out, with why
     */
    public record Outcome(JobDefinition job, Map<String, String> down) {}

    private GroupFailover() {}

    public static Outcome probe(JobDefinition job, ConnectorCatalog catalog) {
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        Set<String> needed = new LinkedHashSet<>();
        for (LinkDefinition l : job.links()) {
            needed.add(l.from());
            if (l.group() == null) {
                needed.add(l.to());
            } else {
                groups.putIfAbsent(l.group().name(), l.group());
            }
        }
        if (groups.isEmpty()) {
            return new Outcome(job, Map.of());
        }
        Map<String, String> probed = new LinkedHashMap<>();
        for (TargetGroup g : groups.values()) {
            for (TargetGroup.Member m : g.members()) {
                if (!needed.contains(m.site()) && !probed.containsKey(m.site())) {
                    probed.put(m.site(), unreachable(job.site(m.site()), catalog));
                }
            }
        }
        Map<String, String> down = new LinkedHashMap<>();
        for (TargetGroup g : groups.values()) {
            boolean anyUp = g.members().stream().anyMatch(m -> probed.get(m.site()) == null);
            if (anyUp) {
                g.members().stream().filter(m -> probed.get(m.site()) != null).forEach(m -> down.put(m.site(), probed.get(m.site())));
            }
        }
        if (down.isEmpty()) {
            return new Outcome(job, Map.of());
        }
        List<LinkDefinition> links = new ArrayList<>();
        for (LinkDefinition l : job.links()) {
            if (l.group() == null || !down.containsKey(l.to())) {
                links.add(l);
            }
        }
        Set<String> used = new LinkedHashSet<>();
        links.forEach(l -> {
            used.add(l.from());
            used.add(l.to());
        });
        Map<String, SiteDefinition> sites = new LinkedHashMap<>();
        job.sites().forEach((name, s) -> {
            if (!down.containsKey(name) || used.contains(name)) {
                sites.put(name, s);
            }
        });
        return new Outcome(job.withTopology(sites, List.copyOf(links)), Map.copyOf(down));
    }

    /** Null when the site answers; else why it is taken as down. */
    private static String unreachable(SiteDefinition site, ConnectorCatalog catalog) {
        try (Connector c = catalog.open(site.connector())) {
            c.find(SiteGuard.SENTINEL);
            return null;
        } catch (RuntimeException e) {
            if (RunSummarizer.exitFor(e) != ExitCode.FAILED) {
                return null; // a configuration to fix: the run meets it and stops, as without a group
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
