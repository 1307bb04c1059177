package io.recsync.job;

import io.recsync.sync.PlanImport;
import io.recsync.sync.PlanResume;
import io.recsync.sync.SyncSession;
import io.recsync.sync.TransferPlanner;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Step 2: the SQL diff per link into transfer items and conflicts. */
final class PlanTasklet implements Tasklet {

    private final SyncSession session;

    PlanTasklet(SyncSession session) {
        this.session = session;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        if (session.options().planIn() != null) {
            new PlanImport(session).load(session.options().planIn(), JobIds.planId(step));
        } else {
            TransferPlanner.of(session).plan(session.sites(), JobIds.planId(step), JobIds.executionId(step),
                    session.options().filter(), session.runStart());
        }
        // The plan is whole: what the job is now is what a resume of it is checked against.
        PlanResume.recordDefinition(session, JobIds.planId(step));
        return RepeatStatus.FINISHED;
    }
}
