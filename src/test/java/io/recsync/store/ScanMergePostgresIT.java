package io.recsync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The ordered scan merge on a real PostgreSQL server (embedded binaries on loopback). */
class ScanMergePostgresIT extends ScanMergeContract {

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
    StateDatabase openDatabase(Path d) throws Exception {
        String database = "m" + System.nanoTime();
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return StateDatabase.open(d.resolve("home"), postgres.getJdbcUrl("postgres", database), null, null);
    }

    @Override
    Path dir() {
        return dir;
    }
}
