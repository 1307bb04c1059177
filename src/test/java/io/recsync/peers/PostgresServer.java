package io.recsync.peers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;

/**
 * A real PostgreSQL server from the embedded binaries, on loopback, for a test class: each test
 * takes a database of its own ({@link #freshDatabase}), so tests cannot see each other's runs.
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start() throws IOException {
        return new PostgresServer(EmbeddedPostgres.builder().start());
    }

    /** Creates an empty database named {@code prefix} and a unique number; returns its JDBC URL. */
    public String freshDatabase(String prefix) throws SQLException {
        String database = prefix + System.nanoTime();
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
