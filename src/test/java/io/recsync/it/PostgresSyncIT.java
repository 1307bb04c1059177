package io.recsync.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The same suite against a real PostgreSQL server (embedded binaries, started on loopback). */
class PostgresSyncIT extends AbstractSyncIT {

    static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
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
        database = "t" + System.nanoTime();
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    List<String> dbArgs() {
        return List.of("--db-url", postgres.getJdbcUrl("postgres", database));
    }
}
