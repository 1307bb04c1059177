package io.recsync.it;

import io.recsync.peers.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RetentionIT on a real PostgreSQL state database: the expiry CASE, the hold refresh and the purge query are SQL both run. */
class RetentionPostgresIT extends RetentionIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private String url;

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.freshDatabase("retention");
    }

    @Override
    String dbUrl() {
        return url;
    }
}
