package io.recsync.report;

import io.recsync.config.JobDefinition;
import io.recsync.config.LinkDefinition;
import io.recsync.store.ConflictStore;
import io.recsync.store.GroupChoiceStore;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.LinkBacklogStore.Link;
import io.recsync.store.LinkBacklogStore.LinkBacklog;
import io.recsync.store.RunLedger;
import io.recsync.store.RunRecord;
import io.recsync.store.StateDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * How a job stands now, from the state database alone: each link's backlog and lag (in total and
 * per tenant), the links recsync has never indexed, open conflicts by kind, the last run and the
 * last successful one. The model behind {@code recsync status} and the metrics.
 *
 * @param links each known link's total (tenant null), in job order
 * @param tenants each known link's rows per tenant that owes something
 * @param neverIndexed links whose source or target no run has indexed yet
 */
public record JobHealth(String job, Instant at, List<LinkBacklog> links, List<LinkBacklog> tenants,
        List<String> neverIndexed, SortedMap<String, Long> openConflicts, Optional<RunRecord> lastRun,
        Optional<RunRecord> lastSuccess, List<GroupChoiceStore.MemberCount> groups) {

    public JobHealth(String job, Instant at, List<LinkBacklog> links, List<LinkBacklog> tenants, List<String> neverIndexed,
            SortedMap<String, Long> openConflicts, Optional<RunRecord> lastRun, Optional<RunRecord> lastSuccess) {
        this(job, at, links, tenants, neverIndexed, openConflicts, lastRun, lastSuccess, List.of());
    }

    /**
     * Per member of each target group of the job: the recordings it holds that are owed to it, and
     * those it holds as a fallback (members recsync has never indexed are left out).
     */
    public static List<GroupChoiceStore.MemberCount> groups(StateDatabase db, JobDefinition job, Map<String, Long> known) {
        GroupChoiceStore store = new GroupChoiceStore(db.jdbc());
        List<GroupChoiceStore.MemberCount> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LinkDefinition l : job.links()) {
            if (l.group() == null || !seen.add(l.group().name())) {
                continue;
            }
            Map<String, Long> ids = new java.util.LinkedHashMap<>();
            l.group().members().forEach(m -> {
                if (known.containsKey(m.site())) {
                    ids.put(m.site(), known.get(m.site()));
                }
            });
            out.addAll(store.counts(job.name(), l.group().name(), ids));
        }
        return out;
    }

    /** The job's links as the backlog query takes them. */
    public static List<Link> links(JobDefinition job) {
        return job.links().stream().map(l -> new Link(l.name(), l.from(), l.to(), l.filter(),
                l.group() == null ? null : l.group().name(), job.site(l.to()).retention())).toList();
    }

    public static JobHealth of(StateDatabase db, JobDefinition job, Instant now) {
        return of(db, job, now, null);
    }

    /**
     * @param snapshotRun a run that just ended: its backlog snapshot (taken as it ended) is read
     *     instead of computing the backlog again (the aggregate over the sources' indexes costs
     *     seconds at a million recordings); null, or a run without one, computes it now
     */
    public static JobHealth of(StateDatabase db, JobDefinition job, Instant now, Long snapshotRun) {
        LinkBacklogStore store = new LinkBacklogStore(db.jdbc(), db.dialect());
        List<Link> links = links(job);
        Map<String, Long> known = store.knownSites(job.name());
        List<LinkBacklog> snapshot = snapshotRun == null ? List.of() : store.ofRun(snapshotRun);
        List<LinkBacklog> tenants;
        List<LinkBacklog> totals;
        if (snapshot.isEmpty()) {
            tenants = store.now(job.name(), links, now);
            totals = LinkBacklogStore.totals(job.name(), links, tenants, known);
        } else {
            tenants = snapshot.stream().filter(b -> b.tenant() != null).toList();
            totals = snapshot.stream().filter(b -> b.tenant() == null).toList();
        }
        List<String> never = job.links().stream()
                .filter(l -> !known.containsKey(l.from()) || !known.containsKey(l.to())).map(LinkDefinition::name).toList();
        RunLedger ledger = new RunLedger(db.jdbc());
        return new JobHealth(job.name(), now, totals, tenants, never, new ConflictStore(db.jdbc()).openByKind(job.name()),
                ledger.last(job.name()), ledger.lastSuccess(job.name()), groups(db, job, known));
    }

    public long openConflictCount() {
        return openConflicts.values().stream().mapToLong(Long::longValue).sum();
    }
}
