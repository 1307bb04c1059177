package io.recsync.job;

import io.recsync.store.AuditStore;
import io.recsync.sync.Audit;
import io.recsync.sync.ExitCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Runs one `recsync audit`: recovers an audit execution a killed process left STARTED, resumes the
 * job's unfinished audit (restarting its batch execution), else starts a new one. The caller holds
 * the audit's lock.
 */
public final class AuditRunner {

    /**
     * @param resumed the audit a killed or failed run had left, resumed by this one
     * @param failure why the run stopped (the audit stays unfinished; the next run resumes it), or null
     */
    public record Result(AuditStore.AuditRun audit, boolean resumed, List<Long> recovered, ExitCode code,
            Throwable failure) {}

    private AuditRunner() {}

    /**
     * What an operator can act on: the storage's own error (a site's message names the site and the
     * file), not Spring Batch's wrapper ("Unable to process chunk").
     */
    static Throwable cause(Throwable e) {
        Throwable deepest = e;
        for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof io.recsync.connector.StorageException || c instanceof java.io.UncheckedIOException) {
                return c;
            }
            deepest = c;
        }
        return deepest;
    }

    public static Result run(Audit audit, Instant startedAt) {
        AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
        ctx.getBeanFactory().registerSingleton("dataSource", audit.db().dataSource());
        ctx.getBeanFactory().registerSingleton("audit", audit);
        ctx.register(AuditJobConfiguration.class);
        ctx.refresh();
        try (ctx) {
            JobRepository repository = ctx.getBean(JobRepository.class);
            JobOperator operator = ctx.getBean(JobOperator.class);
            Job job = ctx.getBean(Job.class);
            String name = audit.batchJobName();
            List<Long> recovered = new java.util.ArrayList<>();
            Set<JobExecution> running = repository.findRunningJobExecutions(name);
            for (JobExecution dead : running) {
                recovered.add(operator.recover(dead).getId());
            }
            Optional<AuditStore.AuditRun> unfinished = audit.store().unfinished(audit.job().name());
            JobInstance instance = repository.getLastJobInstance(name);
            JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
            boolean restartable = last != null && (last.getStatus() == BatchStatus.FAILED
                    || last.getStatus() == BatchStatus.STOPPED) && unfinished.isPresent()
                    && last.getJobParameters().getLong("audit.id") != null
                    && last.getJobParameters().getLong("audit.id") == unfinished.get().auditId();
            JobExecution execution;
            boolean resumed;
            if (restartable) {
                audit.auditId(unfinished.get().auditId());
                execution = operator.restart(last);
                resumed = true;
            } else {
                if (unfinished.isPresent()) {
                    // Its batch execution is gone (a kill before it started): closed, a new audit replaces it.
                    audit.store().finish(unfinished.get().auditId(), "ENDED", ExitCode.FAILED.code(), 0, 0, 0,
                            "never started its checks; replaced by audit of " + startedAt, startedAt);
                }
                audit.auditId(audit.store().begin(audit.job().name(), audit.options().scope(), audit.options().repair(),
                        startedAt));
                execution = operator.start(job, new JobParametersBuilder().addLong("audit.id", audit.auditId())
                        .toJobParameters());
                resumed = false;
            }
            Throwable failure = null;
            ExitCode code;
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                code = audit.summarize();
            } else {
                List<Throwable> errors = execution.getAllFailureExceptions();
                failure = errors.isEmpty() ? new IllegalStateException("the audit ended " + execution.getStatus())
                        : cause(errors.get(0));
                audit.store().stopped(audit.auditId(), String.valueOf(failure.getMessage()));
                code = ExitCode.FAILED;
            }
            return new Result(audit.store().find(audit.auditId()).orElseThrow(), resumed, recovered, code, failure);
        } catch (org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException
                | org.springframework.batch.core.launch.JobExecutionAlreadyRunningException
                | org.springframework.batch.core.launch.JobRestartException
                | org.springframework.batch.core.job.parameters.InvalidJobParametersException e) {
            throw new IllegalStateException("the job repository refused the audit: " + e.getMessage(), e);
        }
    }
}
