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
        // The very question the run will ask: a dry run that plans anew while the run resumes a
        // plan made for another job (or the other way round) would show what will not happen.
        PlanResume.Decision decision = PlanResume.decide(session,
                "sync".equals(session.options().runKind()) && session.options().planIn() == null);
        if (decision.resume()) {
            return resume(out, planOut, decision);
        }
        new ManifestRefresher(session).refreshAll(-System.currentTimeMillis(), false);
        long planId = -System.currentTimeMillis();
        long executionId = planId;
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(session.db().dataSource()));
        io.recsync.store.ConflictIdCounter conflictIds = new io.recsync.store.ConflictIdCounter(session.db());
        long nextConflictId = conflictIds.next();
        try {
            planRolledBack(out, planOut, decision, planId, executionId, tx);
        } finally {
            // The conflicts it found were rolled back; the ids they took are the real run's to use.
            conflictIds.giveBack(nextConflictId);
        }
        return ExitCode.SUCCESS;
    }

    private void planRolledBack(PrintStream out, java.nio.file.Path planOut, PlanResume.Decision decision, long planId,
            long executionId, TransactionTemplate tx) {
        tx.executeWithoutResult(status -> {
            TransferPlanner.PlanReport plan = TransferPlanner.of(session).plan(session.sites(), planId, executionId,
                    session.options().filter(), session.runStart());
            out.println("Dry run of job '" + session.job().name() + "': nothing is written to any site.");
            if (decision.drops()) {
                out.println("  " + decision.droppedLine(0, true));
            }
            links(out);
            if (plan.unchangedSince() >= 0) {
                out.println("  nothing changed since the completed plan " + plan.unchangedSince()
                        + ": not planned again (`recsync resync` plans in full)");
            } else if (plan.changedSinceRun() >= 0) {
                out.println("  only recordings whose index rows changed since run " + plan.changedSinceRun()
                        + " are planned: the rest are as its completed plan left them (`recsync resync` plans in full)");
            }
            if (plan.order().size() > 1) {
                out.println("  links in the order planned (a recording several sources hold comes from the first):");
                for (TransferPlanner.PlannedLink l : plan.order()) {
                    out.println("    " + l.link() + "  (source priority " + l.sourcePriority() + ", latency "
                            + SiteLatency.shown(l.sourceLatency()) + ")");
                }
            }
            AtomicLong bytes = items(out, planId);
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
            new io.recsync.store.ExpiryStore(session.db().jdbc(), session.db().dialect()).ofRun(executionId).forEach((link, n) -> {
                if (n > 0) {
                    out.println("  " + link + ": " + n + " recording(s) past the target's retention are expired there:"
                            + " not copied back");
                }
            });
            if (planOut != null) {
                writePlan(out, planOut, planId, session.items().countPlanned(planId));
            }
            status.setRollbackOnly();
        });
    }

    /** What a run that resumes the job's last plan would do: copy the items that plan still owes. */
    private ExitCode resume(PrintStream out, java.nio.file.Path planOut, PlanResume.Decision d) {
        out.println("Dry run of job '" + session.job().name() + "': nothing is written to any site.");
        out.println("  would resume plan " + d.planId() + d.ofRun() + ": " + d.left() + " of its " + d.planItems()
                + " item(s) left; the job is as it was when the plan was made, so nothing is planned anew");
        links(out);
        AtomicLong bytes = items(out, d.planId());
        out.println("Would copy " + d.left() + " item(s) (" + Units.bytes(bytes.get()) + " of audio); 0 new conflict(s)"
                + " planned (copying may still find some).");
        if (planOut != null) {
            writePlan(out, planOut, d.planId(), d.left());
        }
        return ExitCode.SUCCESS;
    }

    /** The links as expanded from topology: and selected by --schedule: what is planned, not what was written. */
    private void links(PrintStream out) {
        for (LinkDefinition l : session.job().links()) {
            out.println("  link " + l.name() + "  " + l.from() + " -> " + l.to() + "  schedule " + l.scheduleLabel()
                    + "  filter " + FilterSummary.of(l.filter()) + "  (" + l.origin() + ")");
        }
    }

    /** Lists the plan's pending items (the first {@link #SHOW}); returns their audio bytes. */
    private AtomicLong items(PrintStream out, long planId) {
        AtomicLong bytes = new AtomicLong();
        AtomicLong shown = new AtomicLong();
        session.items().forEachOfPlan(planId, row -> {
            if (!"PENDING".equals(row.status())) {
                return;
            }
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
        return bytes;
    }

    private void writePlan(PrintStream out, java.nio.file.Path planOut, long planId, long count) {
        long written = PlanFile.write(planOut, session.job().name(), count,
                sink -> {
                    // The pending items only: what a run would still copy (all of a fresh plan).
                    long after = 0;
                    while (true) {
                        java.util.List<io.recsync.store.TransferItem> page = session.items().pendingAfter(planId, after, 1000);
                        for (io.recsync.store.TransferItem t : page) {
                            sink.accept(new PlanFile.Item(session.sites().name(t.sourceSiteId()),
                                    session.sites().name(t.targetSiteId()), t.copyAudio(), t.copyMetadata(), t.recording(),
                                    0, t.replacesSha256(), t.keepLoserAs()));
                        }
                        if (page.size() < 1000) {
                            return;
                        }
                        after = page.get(page.size() - 1).itemId();
                    }
                });
        out.println("Wrote the plan (" + written + " item(s)) to " + planOut + "; review it, then run it with"
                + " `recsync sync --job " + session.job().file() + " --plan-in " + planOut + "`.");
    }
}
