package io.recsync.job;

import io.micrometer.observation.ObservationRegistry;
import io.recsync.sync.SyncSession;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A worker's side of one job (README "Scaling out"): the shared job repository and the transfer
 * step a partition runs, the same reader, writer and verification as a run without workers,
 * kept to the partition's range. The {@link SyncSession} (this worker's own sites and
 * credentials) and the state {@link DataSource} are registered by {@link WorkerRunner}.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerJobConfiguration extends JdbcDefaultBatchConfiguration {

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    Step transferPartitionStep(JobRepository repository, PlatformTransactionManager tx, SyncSession session) {
        return SyncJobConfiguration.copyingStep("transfer", repository, tx, session, ObservationRegistry.NOOP);
    }
}
