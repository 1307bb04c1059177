package io.recsync.job;

import io.recsync.sync.ManifestPublisher;
import io.recsync.sync.SyncSession;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step 4: append what this plan copied to each target's own manifest, as a new segment. */
final class PublishTasklet implements Tasklet {

    private final SyncSession session;

    PublishTasklet(SyncSession session) {
        this.session = session;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        new ManifestPublisher(session).publish(JobIds.planId(step), JobIds.executionId(step));
        return RepeatStatus.FINISHED;
    }
}
