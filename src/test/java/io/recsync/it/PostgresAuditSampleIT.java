package io.recsync.it;

import io.recsync.peers.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AuditSampleIT} with its state on a real PostgreSQL server. */
class PostgresAuditSampleIT extends AuditSampleIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private String url;

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.freshDatabase("audit");
    }

    @Override
    List<String> dbArgs() {
        return List.of("--db-url", url);
    }

    @Override
    String dbUrl() {
        return url;
    }
}
