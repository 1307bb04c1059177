package io.recsync.store;

import io.recsync.peers.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The same path globs on a real PostgreSQL server (embedded binaries on loopback): POSIX regex, not Java's. */
class PathGlobSqlPostgresIT extends PathGlobSqlContract {

    static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    StateDatabase openDatabase() throws Exception {
        return StateDatabase.open(dir, postgres.freshDatabase("g"), null, null);
    }
}
