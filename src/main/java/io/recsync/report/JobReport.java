package io.recsync.report;

import io.recsync.config.FilterSummary;
import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.config.SiteDefinition;

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
}
