package io.recsync.job;

import io.recsync.store.RunRecord;
import io.recsync.sync.PlanResume;
import io.recsync.sync.RunSummarizer;
import io.recsync.sync.SyncSession;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Runs the sync job for one session: starts a Spring Boot context around it, recovers executions
 * a killed process left STARTED, resumes the job's last failed plan when {@link PlanResume} says
 * so (work left, job unchanged), else starts a new one. The caller holds the job's run lock, so
 * any STARTED execution found here is dead.
 */
public final class BatchRunner {

    /**
     * How one invocation ended.
     *
     * @param linkDown the run stopped because a link was down (transient failures past the retries):
     *     running again later may finish it
     */
    public record Result(RunRecord run, boolean resumed, List<Long> recovered, boolean linkDown) {}

    private BatchRunner() {}

    public static Result run(SyncSession session, boolean resumeFailed) {
        try (ConfigurableApplicationContext ctx = context(session)) {
            JobRepository repository = ctx.getBean(JobRepository.class);
            JobOperator operator = ctx.getBean(JobOperator.class);
            Job job = ctx.getBean(Job.class);
            String name = session.job().name();

            List<Long> recovered = recoverDead(session, repository, operator, name);
            JobExecution last = lastExecution(repository, name);
            boolean restartable = last != null
                    && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
            // Only a plan with work left, made for the job as it is now, is resumed (PlanResume).
            PlanResume.Decision decision = PlanResume.decide(session, resumeFailed);
            session.planDecision(decision);
            JobExecution execution;
            boolean resumed = false;
            if (decision.resume() && restartable && JobIds.planId(last) == decision.planId()) {
                execution = operator.restart(last);
                resumed = true;
            } else {
                // The dropped plan's rows say why first; then nothing of the last execution's plan
                // stays pending, and it is never restarted: the plan this run makes replaces it.
                PlanResume.drop(session, decision);
                if (restartable) {
                    operator.abandon(last);
                    session.items().abandonPending(JobIds.planId(last));
                }
                execution = operator.start(job, parameters(session));
            }
            RunRecord run = session.ledger().find(execution.getId())
                    .orElseThrow(() -> new IllegalStateException("run " + execution.getId() + " left no ledger row"));
            return new Result(run, resumed, recovered, RunSummarizer.isLinkDown(execution.getAllFailureExceptions()));
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                | org.springframework.batch.core.launch.JobExecutionAlreadyRunningException
                | org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new IllegalStateException("the job repository refused the run: " + e.getMessage(), e);
        }
    }

    private static List<Long> recoverDead(SyncSession session, JobRepository repository, JobOperator operator, String name) {
        Set<JobExecution> running = repository.findRunningJobExecutions(name);
        List<Long> ids = new java.util.ArrayList<>();
        for (JobExecution dead : running) {
            JobExecution recovered = recover(repository, operator, dead);
            ids.add(recovered.getId());
            if (session.job().workers().enabled() && session.db().isPostgres()) {
                PartitionRecovery.awaitReleased(session, recovered.getId());
            }
            io.recsync.store.RunRecord run = new RunSummarizer(session).summarize(recovered.getId(),
                    JobIds.planId(recovered), RunLedgerListener.startedAt(recovered),
                    List.of(new IllegalStateException("the process running it died (killed or lost power); "
                            + "recovered and resumed by a later run")));
            session.ledger().finished(run);
            new io.recsync.sync.EvidenceLedger(session).recordRun(recovered.getId(), run);
        }
        return ids;
    }

    /**
     * Recovers a dead execution. With workers, one may still be committing a chunk of it (its
     * manager died, it did not): Spring Batch then refuses the step execution's stale version, and
     * the recovery is simply made again from what the repository holds now.
     */
    private static JobExecution recover(JobRepository repository, JobOperator operator, JobExecution dead) {
        JobExecution current = dead;
        for (int attempt = 1; ; attempt++) {
            try {
                return operator.recover(current);
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                if (attempt >= 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                current = repository.getJobExecution(dead.getId());
            }
        }
    }

    private static JobExecution lastExecution(JobRepository repository, String name) {
        JobInstance instance = repository.getLastJobInstance(name);
        return instance == null ? null : repository.getLastJobExecution(instance);
    }

    private static JobParameters parameters(SyncSession session) {
        return new JobParametersBuilder()
                .addLong("run.at", System.currentTimeMillis())
                .addString("kind", session.options().runKind(), false)
                .addString("jobFile", String.valueOf(session.job().file()), false)
                .toJobParameters();
    }

    /**
     * A plain Spring context holding Spring Batch's own JDBC configuration and the job: no Spring
     * Boot application around it (its environment, listeners, logging system and condition checks
     * cost a few hundred ms of every run and configure nothing recsync uses).
     */
    private static ConfigurableApplicationContext context(SyncSession session) {
        AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
        ctx.getBeanFactory().registerSingleton("dataSource", session.db().dataSource());
        ctx.getBeanFactory().registerSingleton("syncSession", session);
        if (session.metrics() != null) {
            ctx.getBeanFactory().registerSingleton("observationRegistry", session.metrics().observations());
        }
        ctx.register(SyncJobConfiguration.class);
        ctx.refresh();
        return ctx;
    }
}
