package io.recsync.peers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server from the embedded binaries, on loopback, for one test class
 * ({@code @RegisterExtension static final PostgresServer postgres = new PostgresServer();}): started
 * before its tests, stopped after them. Each test takes a database of its own
 * ({@link #freshDatabase}), so tests cannot see each other's runs.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Creates an empty database named {@code prefix} and a unique number; returns its JDBC URL. */
    public String freshDatabase(String prefix) throws SQLException {
        String database = prefix + System.nanoTime();
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return postgres.getJdbcUrl("postgres", database);
    }

    /** The first row of {@code sql} on the database at {@code jdbcUrl}, as numbers by lower-case column label. */
    public static java.util.Map<String, Long> firstRow(String jdbcUrl, String sql) throws SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getLong(i));
            }
            return out;
        }
    }
}
