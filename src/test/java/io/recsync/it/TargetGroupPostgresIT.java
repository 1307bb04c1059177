package io.recsync.it;

import io.recsync.peers.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TargetGroupIT against a real PostgreSQL state database: the group trim, choices and counts are SQL both must run. */
class TargetGroupPostgresIT extends TargetGroupIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private String url;

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.freshDatabase("groups");
    }

    @Override
    List<String> dbArgs() {
        return List.of("--db-url", url);
    }
}
