package io.recsync.report;

import io.recsync.config.FilterSummary;
import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.config.SiteDefinition;
import io.recsync.config.TargetGroup;
import io.recsync.config.WorkerSettings;

/** `recsync jobs show`: a job file's sites and links, as a run plans them. */
public final class JobReport {

    private JobReport() {}

    public static Table sites(JobDefinition def) {
        Table sites = new Table("site", "kind", "mode", "priority");
        for (SiteDefinition s : def.sites().values()) {
            sites.row(s.name(), s.kind(), s.readOnly() ? "ro" : "rw", s.priority());
        }
        return sites;
    }

    public static Table links(JobDefinition def) {
        Table links = new Table("link", "from", "to", "schedule", "filter", "origin");
        for (LinkDefinition l : def.links()) {
            links.row(l.name(), l.from(), l.to(), l.scheduleLabel(), FilterSummary.of(l.filter()), l.origin());
        }
        return links;
    }

    /**
     * The job's target groups, one row per member: its priority and weight, its share of its
     * priority (weight over the priority's total weight), and its role: {@code preferred} for the
     * best priority, {@code fallback} for the others (used only while every better member is down).
     */
    public static Table groups(JobDefinition def) {
        Table groups = new Table("group", "link", "site", "priority", "weight", "share", "role", "release");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LinkDefinition l : def.links()) {
            TargetGroup g = l.group();
            if (g == null || !seen.add(g.name())) {
                continue;
            }
            for (TargetGroup.Member m : g.members()) {
                int tierWeight = g.members().stream().filter(o -> o.priority() == m.priority())
                        .mapToInt(TargetGroup.Member::weight).sum();
                groups.row(g.name(), LinkDefinition.pairName(g.from(), m.site()), m.site(), m.priority(), m.weight(),
                        Math.round(100.0 * m.weight() / tierWeight) + "%",
                        m.priority() == g.bestPriority() ? "preferred" : "fallback",
                        // release: true deletes a fallback copy once the preferred member is proven to hold it
                        g.release() ? "yes" : "no");
            }
        }
        return groups;
    }

    /**
     * The job's {@code workers:} block (README "Scaling out"), one row, or no row when the job has
     * none (or one that says only what the defaults say): whether workers copy the transfer step,
     * the partition size and the heartbeat limit in force, marked when derived from the chunk size.
     */
    public static Table workers(JobDefinition def) {
        Table workers = new Table("enabled", "partitionSize", "heartbeatLimit");
        WorkerSettings w = def.workers();
        if (w == null || w.equals(WorkerSettings.NONE)) {
            return workers;
        }
        String limit = Units.duration(w.heartbeatLimit(def.transfer()));
        if (w.heartbeatLimit() == null) {
            limit += " (default: 60s + 2s x chunkSize " + def.transfer().chunkSize() + ")";
        }
        return workers.row(w.enabled(), w.partitionSize(), limit);
    }
}
