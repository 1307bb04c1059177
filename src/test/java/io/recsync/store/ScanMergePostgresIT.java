package io.recsync.store;

import io.recsync.peers.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The ordered scan merge on a real PostgreSQL server (embedded binaries on loopback). */
class ScanMergePostgresIT extends ScanMergeContract {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    @Override
    StateDatabase openDatabase(Path d) throws Exception {
        return StateDatabase.open(d.resolve("home"), postgres.freshDatabase("m"), null, null);
    }

    @Override
    Path dir() {
        return dir;
    }
}
