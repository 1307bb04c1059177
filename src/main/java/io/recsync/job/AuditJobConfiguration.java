package io.recsync.job;

import io.recsync.store.AuditStore;
import io.recsync.sync.Audit;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;

/**
 * The audit job: plan (the sample) -> check (restartable chunks, as sync's transfer) -> unexpected
 * (list the sites) -> repair -> summary. Thin adapters over {@link Audit}; the {@link Audit} and the
 * state {@link DataSource} are registered by {@link AuditRunner}. A killed audit is restarted: steps
 * that completed are skipped and the check step reads only the copies still PENDING.
 */
@Configuration(proxyBeanMethods = false)
public class AuditJobConfiguration extends JdbcDefaultBatchConfiguration {

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    Job auditJob(JobRepository repository, PlatformTransactionManager tx, Audit audit) {
        int chunk = Math.max(1, audit.job().transfer().chunkSize());
        Step check = new StepBuilder("audit-check", repository)
                .<AuditStore.Item, AuditStore.Item>chunk(chunk)
                .transactionManager(tx)
                .reader(new PendingReader(audit, chunk))
                .writer(items -> audit.check(items.getItems()))
                .build();
        return new JobBuilder(audit.batchJobName(), repository)
                .start(tasklet("audit-plan", (c, x) -> {
                    audit.plan();
                    return RepeatStatus.FINISHED;
                }, repository, tx))
                .next(check)
                .next(tasklet("audit-unexpected", (c, x) -> {
                    audit.findUnexpected();
                    return RepeatStatus.FINISHED;
                }, repository, tx))
                .next(tasklet("audit-repair", (c, x) -> {
                    audit.repair();
                    return RepeatStatus.FINISHED;
                }, repository, tx))
                .build();
    }

    /** Each statement of a tasklet commits by itself: work done before a kill is kept, and every step is idempotent. */
    private static Step tasklet(String name, Tasklet tasklet, JobRepository repository, PlatformTransactionManager tx) {
        return new StepBuilder(name, repository)
                .tasklet(tasklet, tx)
                .transactionAttribute(new DefaultTransactionAttribute(TransactionDefinition.PROPAGATION_NOT_SUPPORTED))
                .build();
    }

    /** The audit's PENDING copies, a page at a time by sequence; no restart state: the rows' status is it. */
    static final class PendingReader implements ItemReader<AuditStore.Item>, StepExecutionListener {
        private final Audit audit;
        private final int page;
        private final Deque<AuditStore.Item> items = new ArrayDeque<>();
        private long last;
        private boolean exhausted;

        PendingReader(Audit audit, int page) {
            this.audit = audit;
            this.page = page;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            last = 0;
            exhausted = false;
            items.clear();
        }

        @Override
        public AuditStore.Item read() {
            if (items.isEmpty() && !exhausted) {
                items.addAll(audit.store().pendingAfter(audit.auditId(), last, page));
                exhausted = items.isEmpty();
            }
            AuditStore.Item next = items.poll();
            if (next != null) {
                last = next.seq();
            }
            return next;
        }
    }
}
