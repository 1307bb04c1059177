package io.recsync.job;

import io.recsync.sync.ManifestRefresher;
import io.recsync.sync.SyncSession;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step 1: bring every site's manifest index up to date. */
final class RefreshTasklet implements Tasklet {

    private final SyncSession session;

    RefreshTasklet(SyncSession session) {
        this.session = session;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        new ManifestRefresher(session).refreshAll(JobIds.executionId(chunkContext.getStepContext().getStepExecution()));
        return RepeatStatus.FINISHED;
    }
}
