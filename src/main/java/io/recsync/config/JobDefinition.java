package io.recsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated job file: sites, links, conflict policy and transfer settings.
 *
 * @param sites in file order, by name
 * @param metrics where a run's metrics go besides --metrics-file (the {@code metrics:} block)
 * @param service the {@code service:} block for {@code sync --continuous}
 * @param workers the {@code workers:} block: whether worker processes copy the transfer step's partitions
 * @param retention the legal hold and the purge alarm ({@code legalHold:}, {@code purgeAlarm:})
 * @param conflictPolicy the word of a {@link ConflictPolicy}: {@code log} (default), {@code priority}, ...
 */
public record JobDefinition(
        String name,
        Path file,
        Map<String, SiteDefinition> sites,
        List<LinkDefinition> links,
        String conflictPolicy,
        TransferSettings transfer,
        MetricsSettings metrics,
        ServiceSettings service,
        WorkerSettings workers,
        LedgerSettings ledger,
        RetentionSettings retention) {

    public JobDefinition(String name, Path file, Map<String, SiteDefinition> sites, List<LinkDefinition> links,
            String conflictPolicy, TransferSettings transfer, MetricsSettings metrics, ServiceSettings service,
            WorkerSettings workers) {
        this(name, file, sites, links, conflictPolicy, transfer, metrics, service, workers, LedgerSettings.NONE,
                RetentionSettings.NONE);
    }

    public JobDefinition(String name, Path file, Map<String, SiteDefinition> sites, List<LinkDefinition> links,
            String conflictPolicy, TransferSettings transfer) {
        this(name, file, sites, links, conflictPolicy, transfer, MetricsSettings.NONE, ServiceSettings.NONE);
    }

    public JobDefinition(String name, Path file, Map<String, SiteDefinition> sites, List<LinkDefinition> links,
            String conflictPolicy, TransferSettings transfer, MetricsSettings metrics, ServiceSettings service) {
        this(name, file, sites, links, conflictPolicy, transfer, metrics, service, WorkerSettings.NONE);
    }

    public ConflictPolicy policy() {
        return ConflictPolicy.of(conflictPolicy);
    }

    public SiteDefinition site(String name) {
        SiteDefinition s = sites.get(name);
        if (s == null) {
            throw new ConfigException(file + ": no site named '" + name + "'; sites: " + String.join(", ", sites.keySet()));
        }
        return s;
    }

    /**
     * The job as a {@code --schedule} run sees it: only the links of that class. Links without a
     * schedule belong to no class, so only runs without {@code --schedule} take them.
     *
     * @throws ConfigException when no link has that schedule: nothing to do is most likely a typo
     *     in a timer or crontab line, not a quiet success
     */
    public JobDefinition withSchedule(Schedule schedule) {
        List<LinkDefinition> selected = links.stream().filter(l -> l.schedule() == schedule).toList();
        if (selected.isEmpty()) {
            java.util.Set<String> present = new java.util.LinkedHashSet<>();
            links.forEach(l -> present.add(l.schedule() == null ? "none" : l.schedule().label()));
            throw new ConfigException(file + ": --schedule " + schedule.label() + " selects no link of job '" + name
                    + "' (the links' schedules: " + String.join(", ", present) + "); give links"
                    + " schedule: " + schedule.label() + ", or fix the --schedule of this timer or crontab line."
                    + " Nothing done.");
        }
        return withTopology(sites, selected);
    }

    /**
     * The same job over other sites and links (a schedule's links, a target group's reachable
     * members), every other block kept: the one place such a copy is made, so a block added to the
     * job later cannot be dropped by one of them (a group member down once dropped `workers:`, and
     * the manager copied alone).
     */
    public JobDefinition withTopology(Map<String, SiteDefinition> sites, List<LinkDefinition> links) {
        return new JobDefinition(name, file, sites, links, conflictPolicy, transfer, metrics, service, workers, ledger,
                retention);
    }
}
