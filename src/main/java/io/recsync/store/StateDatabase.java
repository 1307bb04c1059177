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
        // An H2 file that is missing or behind is built in a copy and renamed into place before
        // the pool opens it, so no one ever opens a half-migrated file (SchemaMigration).
        H2File h2 = pg ? null : H2File.of(jdbcUrl);
        if (h2 != null && !Files.exists(h2.mvFile())) {
            SchemaMigration.migrateH2File(h2.base(), h2.options(), user, password);
        }
        HikariDataSource ds = pool(jdbcUrl, pg, user, password);
        try {
            if (!SchemaMigration.isCurrent(ds)) {
                if (h2 != null) {
                    ds.close();
                    SchemaMigration.migrateH2File(h2.base(), h2.options(), user, password);
                    ds = pool(jdbcUrl, pg, user, password);
                } else {
                    SchemaMigration.migrate(ds);
                }
            }
        } catch (StateUnavailableException e) {
            ds.close();
            throw e;
        } catch (RuntimeException | java.sql.SQLException e) {
            ds.close();
            throw new StateUnavailableException("cannot bring the state database " + redactUrl(jdbcUrl)
                    + " up to date: " + rootMessage(e), e);
        }
        return new StateDatabase(ds, pg, redactUrl(jdbcUrl));
    }

    private static HikariDataSource pool(String jdbcUrl, boolean pg, String user, String password) {
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
        // A server lost mid-run makes every later wait for a connection last this long (the step,
        // the job repository and the ledger each wait once): 15 s each ended such a run a minute
        // after the loss. Connections are held briefly (copiers never wait for the database), so
        // PostgreSQL gets 5 s.
        cfg.setConnectionTimeout(pg ? 5_000 : 15_000);
        if (pg) {
            // Start-up tries once: a refused login will not get better by waiting, and a server
            // that is down is better reported at once (the next run resumes) than after 15 s of
            // retries. connectTimeout bounds a host that does not answer at all.
            cfg.setInitializationFailTimeout(1);
            if (!jdbcUrl.contains("connectTimeout=")) {
                cfg.addDataSourceProperty("connectTimeout", "5");
            }
        } else {
            cfg.setInitializationFailTimeout(15_000); // another recsync may hold the H2 file a moment
        }
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            String where = redactUrl(jdbcUrl) + " (RECSYNC_DB_URL or --db-url)";
            if (StateUnavailableException.loginRefused(e)) {
                // Configuration, not an outage: exit 2 at once. The driver's words name the user
                // and the database, never the password.
                throw new ConfigException("the state database " + where + " refused the login"
                        + (user != null ? " of user '" + user + "' (RECSYNC_DB_USER)" : "") + ": " + rootMessage(e)
                        + "; check RECSYNC_DB_USER and RECSYNC_DB_PASSWORD (or the URL's user= and password=),"
                        + " and that the database exists; nothing was done");
            }
            if (StateUnavailableException.connectionLost(e) != null) {
                throw new StateUnavailableException("the state database " + where + " is unreachable ("
                        + rootMessage(e) + "); nothing was done; the next run, once it is reachable, resumes"
                        + " where the last one stopped", e);
            }
            throw new StateUnavailableException("cannot open the state database " + where + ": " + rootMessage(e), e);
        }
    }

    /** An H2 URL naming a file ({@code jdbc:h2:file:/abs/path;OPTIONS}): its base path and options. */
    record H2File(Path base, String options) {
        static H2File of(String url) {
            if (!url.startsWith("jdbc:h2:file:")) {
                return null; // in memory or over TCP: migrated in place
            }
            String rest = url.substring("jdbc:h2:file:".length());
            int semi = rest.indexOf(';');
            String path = semi < 0 ? rest : rest.substring(0, semi);
            if (path.startsWith("~")) {
                path = System.getProperty("user.home") + path.substring(1);
            }
            return new H2File(Path.of(path).toAbsolutePath(), semi < 0 ? "" : rest.substring(semi));
        }

        Path mvFile() {
            return base.resolveSibling(base.getFileName() + ".mv.db");
        }
    }

    /**
     * Crash tests only: schema migrations then run through {@code hook}'s data source (a test
     * counts statements there and halts the JVM at the N-th). Null restores the plain one.
     */
    public static void hookMigrationsForTests(java.util.function.UnaryOperator<DataSource> hook) {
        SchemaMigration.hookForTests(hook);
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
