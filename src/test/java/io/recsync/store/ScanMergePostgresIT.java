package io.recsync.store;

import io.recsync.peers.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The ordered scan merge on a real PostgreSQL server (embedded binaries on loopback). */
class ScanMergePostgresIT extends ScanMergeContract {

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
    StateDatabase openDatabase(Path d) throws Exception {
        return StateDatabase.open(d.resolve("home"), postgres.freshDatabase("m"), null, null);
    }

    @Override
    Path dir() {
        return dir;
    }
}
