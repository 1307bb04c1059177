package io.recsync.it;

import io.recsync.peers.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MonitoringIT against a real PostgreSQL state database: the backlog query and its history are SQL both must run. */
class MonitoringPostgresIT extends MonitoringIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();
    private String url;

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.freshDatabase("mon");
    }

    @Override
    List<String> dbArgs() {
        return List.of("--db-url", url);
    }
}
