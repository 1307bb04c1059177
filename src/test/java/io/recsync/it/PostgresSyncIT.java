package io.recsync.it;

import io.recsync.peers.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same suite against a real PostgreSQL server (embedded binaries, started on loopback). */
class PostgresSyncIT extends AbstractSyncIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private String url;

    /** A fresh database per test, so tests cannot see each other's runs. */
    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.freshDatabase("t");
    }

    @Override
    List<String> dbArgs() {
        return List.of("--db-url", url);
    }
}
