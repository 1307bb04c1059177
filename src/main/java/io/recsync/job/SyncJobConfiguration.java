package io.recsync.job;

import io.micrometer.observation.ObservationRegistry;
import io.recsync.sync.SyncSession;
import org.springframework.beans.factory.annotation.Autowired;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;

/**
 * The sync job: refresh -> plan -> transfer -> publish -> summary. Beans only; each step is a
 * thin adapter over a plain class in {@code io.recsync.sync}. The {@link SyncSession} and the
 * state {@link DataSource} are registered by {@link BatchRunner} before the context starts.
 */
@Configuration(proxyBeanMethods = false)
public class SyncJobConfiguration extends JdbcDefaultBatchConfiguration {

    /**
     * The run's metrics (RecsyncMetrics#observations), registered by BatchRunner when the run
     * exports metrics: the job, its steps and the job operator then emit Spring Batch's
     * observations (spring.batch.job, spring.batch.step, spring.batch.chunk.write, ...).
     */
    @Autowired(required = false)
    private ObservationRegistry observationRegistry;

    @Override
    protected ObservationRegistry getObservationRegistry() {
        return observationRegistry != null ? observationRegistry : ObservationRegistry.NOOP;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    Job syncJob(JobRepository repository, SyncSession session, Step refreshStep, Step planStep, Step transferStep,
            Step publishStep, Step summaryStep) {
        return new JobBuilder(session.job().name(), repository)
                .observationRegistry(getObservationRegistry())
                .listener(new RunLedgerListener(session))
                .start(refreshStep)
                .next(planStep)
                .next(transferStep)
                .next(publishStep)
                .next(summaryStep)
                .build();
    }

    @Bean
    Step refreshStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        return tasklet("refresh", new RefreshTasklet(session), repository, tx);
    }

    @Bean
    Step planStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        return tasklet("plan", new PlanTasklet(session), repository, tx);
    }

    @Bean
    Step transferStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        if (session.job().workers().enabled()) {
            return managerStep(repository, session);
        }
        return copyingStep("transfer", repository, tx, session, getObservationRegistry());
    }

    /**
     * The transfer step that copies by itself: a run without workers, or one partition in a worker
     * (whose reader then keeps to the partition's range).
     */
    static Step copyingStep(String name, JobRepository repository, PlatformTransactionManager tx, SyncSession session,
            ObservationRegistry observations) {
        TransferItemWriter writer = new TransferItemWriter(session, tx);
        PendingItemReader reader = new PendingItemReader(session, writer, session.job().transfer().chunkSize());
        return new StepBuilder(name, repository)
                .<io.recsync.store.TransferItem, io.recsync.store.TransferItem>chunk(session.job().transfer().chunkSize())
                .transactionManager(tx)
                .observationRegistry(observations)
                .reader(reader)
                .writer(writer)
                .listener(reader)
                .listener(writer)
                // A restarted run copies again whatever is still PENDING, even when the step
                // itself had ended: the publish step fails a run that left items pending.
                .allowStartIfComplete(true)
                .build();
    }

    /**
     * With workers (the job's {@code workers:} block): Spring Batch remote partitioning. The plan's
     * pending items are cut into partitions, whose requests go to the job's queue in the state
     * database; workers run them, and the step learns of their end by polling the job repository.
     */
    private Step managerStep(JobRepository repository, SyncSession session) {
        var w = session.job().workers();
        TransferPartitioner partitioner = new TransferPartitioner(new io.recsync.store.PartitionRanges(session.db().jdbc()),
                w.partitionSize());
        PartitionQueue queue = new PartitionQueue(session.db().dataSource(), session.job().name());
        var channel = queue.channel();
        PartitionWatchdog watchdog = new PartitionWatchdog(session, queue, channel,
                w.heartbeatLimit(session.job().transfer()), "transfer");
        return new org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder("transfer",
                repository)
                .partitioner("transfer", partitioner)
                .splitter(TransferPartitioner.windowed(repository, "transfer", partitioner, () -> session.limits().window()))
                .outputChannel(channel)
                .pollInterval(500)
                .listener(partitioner)
                .listener(watchdog)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step publishStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        return tasklet("publish", new PublishTasklet(session), repository, tx);
    }

    @Bean
    Step summaryStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        return tasklet("summary", new SummaryTasklet(session), repository, tx);
    }

    /**
     * Tasklet steps run outside one big transaction: each batch they write commits by itself, so
     * hours of hashing in a refresh are kept even if the process dies, and every statement they
     * run is idempotent, so a restarted step simply runs again.
     */
    private Step tasklet(String name, org.springframework.batch.core.step.tasklet.Tasklet tasklet,
            JobRepository repository, PlatformTransactionManager tx) {
        return new StepBuilder(name, repository)
                .observationRegistry(getObservationRegistry())
                .tasklet(tasklet, tx)
                .transactionAttribute(new DefaultTransactionAttribute(TransactionDefinition.PROPAGATION_NOT_SUPPORTED))
                .build();
    }
}
