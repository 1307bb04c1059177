package io.recsync.sync;

import io.recsync.config.JobDefinition;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.LinkBacklogStore.Link;
import io.recsync.store.LinkBacklogStore.LinkBacklog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps, at the end of every sync and resync (completed or not), what each link of the run still
 * owes (LinkBacklogStore): history then charts backlog and lag per link and tenant over time.
 */
public final class BacklogSnapshot {

    private BacklogSnapshot() {}

    /**
     * Takes the snapshot for run {@code executionId}. Never fails the run: a snapshot that cannot be
     * written (the state database went away) becomes a warning, and the run's own outcome stands.
     */
    public static void take(SyncSession session, long executionId) {
        try {
            JobDefinition job = session.configuredJob();
            LinkBacklogStore store = new LinkBacklogStore(session.db().jdbc(), session.db().dialect());
            List<Link> links = job.links().stream().map(l -> new Link(l.name(), l.from(), l.to(), l.filter(),
                l.group() == null ? null : l.group().name(), job.site(l.to()).retention())).toList();
            Instant now = Instant.now();
            List<LinkBacklog> tenants = store.now(job.name(), links, now);
            List<LinkBacklog> rows = new ArrayList<>(LinkBacklogStore.totals(job.name(), links, tenants,
                    store.knownSites(job.name())));
            rows.addAll(tenants);
            store.snapshot(executionId, rows, now);
        } catch (RuntimeException e) {
            session.warn("could not keep the backlog of run " + executionId + " for history (" + e.getMessage()
                    + "); the run's outcome is not affected");
        }
    }
}
