package io.recsync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The same path globs on a real PostgreSQL server (embedded binaries on loopback): POSIX regex, not Java's. */
class PathGlobSqlPostgresIT extends PathGlobSqlContract {

    static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    StateDatabase openDatabase() throws Exception {
        String database = "g" + System.nanoTime();
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return StateDatabase.open(dir, postgres.getJdbcUrl("postgres", database), null, null);
    }
}
