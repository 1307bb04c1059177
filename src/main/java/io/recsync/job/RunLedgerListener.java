package io.recsync.job;

import io.recsync.sync.RunSummarizer;
import io.recsync.sync.SyncSession;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Opens the execution's ledger row when it starts and, when it did not complete (the summary
 * step writes completed runs), closes it with the failure that stopped it.
 */
final class RunLedgerListener implements JobExecutionListener {

    private final SyncSession session;

    RunLedgerListener(SyncSession session) {
        this.session = session;
    }

    @Override
    public void beforeJob(JobExecution job) {
        // From the command's start, not the job's: the duration a person reads is the whole run.
        session.ledger().started(job.getId(), JobIds.planId(job), session.job().name(), session.options().runKind(),
                session.commandStart());
        new io.recsync.sync.EvidenceLedger(session).open();
    }

    @Override
    public void afterJob(JobExecution job) {
        // Completed or not: history charts what every run left owing.
        io.recsync.sync.BacklogSnapshot.take(session, job.getId());
        if (job.getStatus() != BatchStatus.COMPLETED) {
            java.util.List<Throwable> failures = job.getAllFailureExceptions();
            if (failures.isEmpty()) {
                failures = java.util.List.of(new IllegalStateException("the run ended as " + job.getStatus()));
            }
            io.recsync.store.RunRecord run = new RunSummarizer(session).summarize(job.getId(), JobIds.planId(job),
                    startedAt(job), failures);
            session.ledger().finished(run);
            new io.recsync.sync.EvidenceLedger(session).closeRun(job.getId(), run);
        }
    }

    static Instant startedAt(JobExecution job) {
        LocalDateTime t = job.getStartTime() != null ? job.getStartTime() : job.getCreateTime();
        return t == null ? Instant.now() : t.atZone(ZoneId.systemDefault()).toInstant();
    }
}
