package io.recsync.job;

import io.recsync.sync.RunSummarizer;
import io.recsync.sync.SyncSession;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step 5: counts, bytes, conflicts and the exit code into the run ledger. */
final class SummaryTasklet implements Tasklet {

    private final SyncSession session;

    SummaryTasklet(SyncSession session) {
        this.session = session;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        io.recsync.store.RunRecord run = new RunSummarizer(session).summarize(job.getId(), JobIds.planId(job),
                RunLedgerListener.startedAt(job), List.of());
        session.ledger().finished(run);
        new io.recsync.sync.EvidenceLedger(session).closeRun(job.getId(), run);
        return RepeatStatus.FINISHED;
    }
}
