package io.recsync.job;

import javax.sql.DataSource;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;

/**
 * The partition requests of one job, queued in the state database itself (Spring Integration's
 * JDBC channel message store on PostgreSQL): the manager sends into it, workers poll it. No broker.
 * A worker polls without a transaction: a message is removed when taken, and a worker that dies
 * with it is covered by the manager's watchdog, which sends the request again.
 */
final class PartitionQueue {

    private final JdbcChannelMessageStore store;
    private final String group;

    PartitionQueue(DataSource dataSource, String job) {
        ensureTables(new JdbcTemplate(dataSource));
        this.store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
        store.addAllowedPatterns("org.springframework.batch.integration.partition.*", "java.util.*", "java.lang.*",
                "org.springframework.messaging.*", "org.springframework.integration.*");
        store.afterPropertiesSet();
        this.group = "recsync-partitions:" + job;
    }

    /** The manager's output channel (a queue channel whose queue is the store). */
    QueueChannel channel() {
        return new QueueChannel(new MessageGroupQueue(store, group));
    }

    /** The next request, or null when none waits. */
    StepExecutionRequest poll() {
        Message<?> m = store.pollMessageFromGroup(group);
        return m == null ? null : (StepExecutionRequest) m.getPayload();
    }

    int waiting() {
        return store.messageGroupSize(group);
    }

    /**
     * Spring Integration's PostgreSQL tables for a channel message store (its schema-postgresql.sql),
     * created when missing: only a state database that runs workers needs them, and H2 never does.
     */
    static void ensureTables(JdbcTemplate jdbc) {
        // Processes starting together race on IF NOT EXISTS (PostgreSQL's catalog is not locked
        // by it): the loser's error just means the other one created them.
        for (int attempt = 1; ; attempt++) {
            try {
                createTables(jdbc);
                return;
            } catch (org.springframework.dao.DataAccessException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void createTables(JdbcTemplate jdbc) {
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS INT_MESSAGE_SEQ START WITH 1 INCREMENT BY 1 NO CYCLE");
        jdbc.execute("CREATE TABLE IF NOT EXISTS INT_CHANNEL_MESSAGE (MESSAGE_ID CHAR(36) NOT NULL, "
                + "GROUP_KEY CHAR(36) NOT NULL, CREATED_DATE BIGINT NOT NULL, MESSAGE_PRIORITY BIGINT, "
                + "MESSAGE_SEQUENCE BIGINT NOT NULL DEFAULT nextval('INT_MESSAGE_SEQ'), MESSAGE_CONTENT BYTEA, "
                + "REGION VARCHAR(100) NOT NULL, "
                + "constraint INT_CHANNEL_MESSAGE_PK primary key (REGION, GROUP_KEY, CREATED_DATE, MESSAGE_SEQUENCE))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS INT_CHANNEL_MSG_DELETE_IDX ON INT_CHANNEL_MESSAGE "
                + "(REGION, GROUP_KEY, MESSAGE_ID)");
    }
}
