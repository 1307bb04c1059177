package io.recsync.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the state database so that a kill at any instant leaves it either as it was
 * or fully migrated, never half-way:
 * <ul>
 * <li>H2 commits each DDL statement by itself, so a migration killed in the middle would leave half
 *     a schema that {@code flyway_schema_history} does not record (and every later run failing on
 *     "table already exists"). An H2 file is therefore migrated in a copy next to it
 *     ({@code recsync-new.mv.db}: the existing file copied, or nothing for a first start), which
 *     replaces the real file by one atomic rename once complete. A copy left by a killed attempt is
 *     deleted and the work redone. A lock file keeps two processes from building it at once.
 * <li>PostgreSQL's DDL is transactional and Flyway runs each migration (the Java one included) in
 *     its own transaction with its history row, so a kill rolls the migration back; Flyway's
 *     advisory lock keeps two processes apart.
 * </ul>
 * A database whose history already holds {@link #LATEST_VERSION} is not handed to Flyway at all:
 * that check is one query, where Flyway's scan and validation cost a few hundred ms of every start.
 */
final class SchemaMigration {

    /** The highest migration version on the classpath ({@code db/migration}); a test keeps it true. */
    static final int LATEST_VERSION = 19;

    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    /** Wraps the data source Flyway migrates through; identity except in crash tests. */
    private static volatile UnaryOperator<DataSource> migrationHook = UnaryOperator.identity();

    private SchemaMigration() {}

    /**
     * For crash tests only: every migration goes through {@code hook}'s data source (a test counts
     * statements there and halts the JVM at the N-th).
     */
    static void hookForTests(UnaryOperator<DataSource> hook) {
        migrationHook = hook == null ? UnaryOperator.identity() : hook;
    }

    /** Whether the schema history says this database is at {@link #LATEST_VERSION}, with no failed migration. */
    static boolean isCurrent(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return isCurrent(c);
        }
    }

    static boolean isCurrent(Connection c) throws SQLException {
        if (!historyExists(c)) {
            return false;
        }
        int latest = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false; // Flyway must say what failed
                }
                String v = rs.getString(1);
                if (v != null && v.matches("\\d+")) {
                    latest = Math.max(latest, Integer.parseInt(v));
                }
            }
        }
        return latest >= LATEST_VERSION;
    }

    private static boolean historyExists(Connection c) throws SQLException {
        String schema = c.getSchema();
        for (String name : new String[] {"flyway_schema_history", "FLYWAY_SCHEMA_HISTORY"}) {
            try (ResultSet rs = c.getMetaData().getTables(null, schema, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Migrates in place: for databases whose DDL is transactional (PostgreSQL) or in memory. */
    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(migrationHook.apply(ds)).locations("classpath:db/migration").load().migrate();
    }

    /**
     * Brings the H2 file {@code base}{@code .mv.db} to the latest version through a copy and an
     * atomic rename (see the class comment). Returns at once when another process finished it
     * while this one waited for the lock.
     *
     * @param urlOptions the URL's options after the path (e.g. {@code ;CIPHER=AES}), minus
     *     AUTO_SERVER: the copy is this process's alone
     */
    static void migrateH2File(Path base, String urlOptions, String user, String password) {
        Path dir = base.toAbsolutePath().getParent();
        String name = base.getFileName().toString();
        Path real = dir.resolve(name + ".mv.db");
        Path copyBase = dir.resolve(name + "-new");
        Path copy = dir.resolve(name + "-new.mv.db");
        Path lockFile = dir.resolve(name + "-migrate.lock");
        IN_PROCESS.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockChannel.lock()) {
            if (Files.exists(real) && isCurrentFile(real, urlOptions, user, password)) {
                return; // another process brought it up to date while this one waited
            }
            // Whatever a killed attempt left is not trusted: start the copy again.
            deleteCopy(dir, name + "-new");
            if (Files.exists(real)) {
                Files.copy(real, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL("jdbc:h2:file:" + copyBase + stripAutoServer(urlOptions));
            ds.setUser(user == null ? "" : user);
            ds.setPassword(password == null ? "" : password);
            // One connection held open for the whole migration keeps the database open between
            // Flyway's connections; SHUTDOWN then writes and closes the file before it is renamed.
            try (Connection keepOpen = ds.getConnection()) {
                migrate(ds);
                try (Statement s = keepOpen.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
            try (FileChannel f = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                f.force(true);
            }
            try {
                Files.move(copy, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + copy + " over " + real + " atomically: " + e.getMessage(), e);
            }
            syncDirectory(dir);
            deleteCopy(dir, name + "-new");
        } catch (IOException e) {
            throw new StateUnavailableException("cannot create or upgrade the state database " + real + ": " + e
                    + "; check that " + dir + " is writable and has free space, then run again", e);
        } catch (SQLException e) {
            throw new StateUnavailableException("cannot create or upgrade the state database " + real + ": "
                    + e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static boolean isCurrentFile(Path real, String urlOptions, String user, String password) throws SQLException {
        String base = real.toString().substring(0, real.toString().length() - ".mv.db".length());
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + base + urlOptions + ";IFEXISTS=TRUE",
                user == null ? "" : user, password == null ? "" : password)) {
            return isCurrent(c);
        }
    }

    private static String stripAutoServer(String options) {
        return options.replaceAll("(?i);AUTO_SERVER=[A-Z]+", "");
    }

    private static void deleteCopy(Path dir, String base) throws IOException {
        for (String ext : new String[] {".mv.db", ".trace.db", ".lock.db", ".mv.db.tempFile"}) {
            Files.deleteIfExists(dir.resolve(base + ext));
        }
        try (var leftovers = Files.list(dir)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith(base + ".") && f.endsWith(".tempFile")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened; the rename is still atomic.
        }
    }
}
