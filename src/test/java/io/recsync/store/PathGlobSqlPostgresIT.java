package io.recsync.store;

import io.recsync.peers.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The same path globs on a real PostgreSQL server (embedded binaries on loopback): POSIX regex, not Java's. */
class PathGlobSqlPostgresIT extends PathGlobSqlContract {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path dir;

    @Override
    StateDatabase openDatabase() throws Exception {
        return StateDatabase.open(dir, postgres.freshDatabase("g"), null, null);
    }
}
