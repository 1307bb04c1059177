package io.recsync.it;

import io.recsync.peers.PostgresServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The same suite against a real PostgreSQL server (embedded binaries, started on loopback). */
class PostgresSyncIT extends AbstractSyncIT {

    static PostgresServer postgres;
    private String url;

    @BeforeAll
    static void start() throws IOException {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

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
