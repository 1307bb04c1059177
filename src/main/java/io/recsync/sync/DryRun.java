package io.recsync.sync;

import io.recsync.config.FilterSummary;
import io.recsync.config.LinkDefinition;
import io.recsync.report.Units;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * `sync --dry-run`: refreshes the manifest index (recsync's own state, never a site), then runs
 * the very same planning SQL inside a transaction that is rolled back, and prints what it found.
 * Nothing is written to any site and no plan or conflict is kept.
 */
public final class DryRun {

    private static final int SHOW = 200;
    private final SyncSession session;

    public DryRun(SyncSession session) {
        this.session = session;
    }

    public ExitCode run(PrintStream out) {
        return run(out, null);
    }

    /** @param planOut where to write the plan as JSON Lines for review and `--plan-in`; null for none */
    public ExitCode run(PrintStream out, java.nio.file.Path planOut) {
        new ManifestRefresher(session).refreshAll(-System.currentTimeMillis(), false);
        long planId = -System.currentTimeMillis();
        long executionId = planId;
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(session.db().dataSource()));
        tx.executeWithoutResult(status -> {
            TransferPlanner.PlanReport plan = TransferPlanner.of(session).plan(session.sites(), planId, executionId,
                    session.options().filter(), session.runStart());
            out.println("Dry run of job '" + session.job().name() + "': nothing is written to any site.");
            // The links as expanded from topology: and selected by --schedule: what was planned, not what was written.
            for (LinkDefinition l : session.job().links()) {
                out.println("  link " + l.name() + "  " + l.from() + " -> " + l.to() + "  schedule " + l.scheduleLabel()
                        + "  filter " + FilterSummary.of(l.filter()) + "  (" + l.origin() + ")");
            }
            if (plan.unchangedSince() >= 0) {
                out.println("  nothing changed since the completed plan " + plan.unchangedSince()
                        + ": not planned again (`recsync resync` plans in full)");
            }
            if (plan.order().size() > 1) {
                out.println("  links in the order planned (a recording several sources hold comes from the first):");
                for (TransferPlanner.PlannedLink l : plan.order()) {
                    out.println("    " + l.link() + "  (source priority " + l.sourcePriority() + ", latency "
                            + SiteLatency.shown(l.sourceLatency()) + ")");
                }
            }
            AtomicLong bytes = new AtomicLong();
            AtomicLong shown = new AtomicLong();
            session.items().forEachOfPlan(planId, row -> {
                if (row.updatesMetadataAt() != null) {
                    if (shown.incrementAndGet() <= SHOW) {
                        out.println("  would update metadata " + row.link() + "  " + row.updatesMetadataAt()
                                + "  (the replaced sidecar kept in .recsync/quarantine/)");
                    }
                    return;
                }
                bytes.addAndGet(row.audioSize());
                if (shown.incrementAndGet() <= SHOW) {
                    out.println("  would copy " + row.link() + "  " + row.audioPath() + "  (" + Units.bytes(row.audioSize())
                            + ", " + row.tenant() + "/" + row.group() + ")");
                }
            });
            if (shown.get() > SHOW) {
                out.println("  ... and " + (shown.get() - SHOW) + " more");
            }
            ConflictStore conflicts = session.conflicts();
            for (ConflictRecord c : conflicts.list(new ConflictStore.Query(session.job().name(), "OPEN", null, null, null,
                    SHOW))) {
                if (c.detectedExecutionId() != null && c.detectedExecutionId() == executionId) {
                    out.println("  would open conflict " + c.kind() + " " + c.recordingId() + " " + c.sourceSite() + " vs "
                            + c.targetSite() + ": " + c.detail());
                }
            }
            out.println("Would copy " + plan.items() + " item(s) (" + Units.bytes(bytes.get()) + " of audio); "
                    + plan.conflicts() + " new conflict(s).");
            if (planOut != null) {
                long written = PlanFile.write(planOut, session.job().name(), session.items().countPlanned(planId),
                        sink -> session.items().forEachItem(planId, t -> sink.accept(new PlanFile.Item(
                                session.sites().name(t.sourceSiteId()), session.sites().name(t.targetSiteId()),
                                t.copyAudio(), t.copyMetadata(), t.recording(), 0, t.replacesSha256(),
                                t.keepLoserAs()))));
                out.println("Wrote the plan (" + written + " item(s)) to " + planOut + "; review it, then run it with"
                        + " `recsync sync --job " + session.job().file() + " --plan-in " + planOut + "`.");
            }
            status.setRollbackOnly();
        });
        return ExitCode.SUCCESS;
    }
}
