package io.recsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.recsync.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * recsync's state: an embedded H2 file under {@code $RECSYNC_HOME/state} by default (nothing to
 * install), or PostgreSQL when the URL says {@code jdbc:postgresql:}. Flyway brings the schema up
 * to date on open, so every command sees the same tables.
 */
public final class StateDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final String displayUrl;

    private StateDatabase(HikariDataSource dataSource, boolean postgres, String displayUrl) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.displayUrl = displayUrl;
    }

    /**
     * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL, or null for the default H2
     *     file under {@code home}
     * @param user database user for PostgreSQL (may be null when the URL carries it)
     * @param password database password (never logged)
     */
    public static StateDatabase open(Path home, String url, String user, String password) {
        boolean pg = url != null && url.startsWith("jdbc:postgresql:");
        if (url != null && !pg && !url.startsWith("jdbc:h2:")) {
            throw new ConfigException("RECSYNC_DB_URL / --db-url: expected a jdbc:postgresql: or jdbc:h2: URL, got '"
                    + redactUrl(url) + "'");
        }
        String jdbcUrl = url;
        if (jdbcUrl == null) {
            Path dir = home.resolve("state");
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new ConfigException("cannot create the state directory " + dir + ": " + e.getMessage()
                        + "; set RECSYNC_HOME to a writable directory");
            }
            // AUTO_SERVER lets `recsync history` read while a sync holds the file open.
            // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to a second
            // later, from a background thread; a kill -9 then loses commits the run already acted
            // on (a chunk's DONE marks, the step it had reached: KillTrialsIT found the plan step
            // gone after a kill in it). With 0 every commit is in the file (OS cache) before it returns.
            jdbcUrl = "jdbc:h2:file:" + dir.resolve("recsync").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setPoolName("recsync-state");
        cfg.setMaximumPoolSize(pg ? 8 : 6);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(15_000);
        cfg.setInitializationFailTimeout(15_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StateUnavailableException("cannot open the state database " + redactUrl(jdbcUrl) + ": "
                    + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StateUnavailableException("cannot bring the state database " + redactUrl(jdbcUrl)
                    + " up to date: " + rootMessage(e), e);
        }
        return new StateDatabase(ds, pg, redactUrl(jdbcUrl));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    public boolean isPostgres() {
        return postgres;
    }

    public SqlDialect dialect() {
        return postgres ? SqlDialect.POSTGRESQL : SqlDialect.H2;
    }

    /** The URL with any password parameter removed, for messages. */
    public String displayUrl() {
        return displayUrl;
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1******");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return redactUrl(String.valueOf(t.getMessage()));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
