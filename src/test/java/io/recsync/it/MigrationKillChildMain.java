package io.recsync.it;

import io.recsync.cli.CliEnvironment;
import io.recsync.cli.Recsync;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.store.StateDatabase;
import io.recsync.sync.RetryPolicy;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The CLI as a child process whose schema migration halts the JVM ({@link Runtime#halt}: no
 * shutdown hook, no finally, as abrupt as kill -9) just before its N-th JDBC statement (system
 * property {@code recsync.test.haltAtStatement}; Flyway's own statements and those of every
 * migration, SQL or Java, all count). Without it, the statements are only counted, and the count
 * is written to the file named by {@code recsync.test.statementCount}.
 */
public final class MigrationKillChildMain {

    /** The exit status of a halted child. */
    public static final int HALTED = 97;

    static final AtomicLong STATEMENTS = new AtomicLong();
    /** What each statement was (its first line), in order: the test picks kill points per migration. */
    static final List<String> SEEN = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private MigrationKillChildMain() {}

    public static void main(String[] args) throws IOException {
        long haltAt = Long.getLong("recsync.test.haltAtStatement", 0);
        StateDatabase.hookMigrationsForTests(ds -> counting(ds, haltAt));
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliEnvironment env = new CliEnvironment(System.getenv(), new ConnectorCatalog(List.of(local)), RetryPolicy.Sleeper.REAL, false);
        int exit = new Recsync(env).run(System.out, System.err, args);
        String countFile = System.getProperty("recsync.test.statementCount");
        if (countFile != null) {
            Files.write(Path.of(countFile), SEEN);
        }
        System.exit(exit);
    }

    static DataSource counting(DataSource ds, long haltAt) {
        return proxy(DataSource.class, ds, haltAt);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, long haltAt) {
        InvocationHandler h = (p, m, a) -> {
            if (target instanceof Statement && m.getName().startsWith("execute")) {
                long n = STATEMENTS.incrementAndGet();
                String sql = a != null && a.length > 0 && a[0] instanceof String q ? q : String.valueOf(target);
                SEEN.add(sql.strip().replaceAll("\\s+", " "));
                if (n == haltAt) {
                    System.out.println("halting before migration statement #" + n);
                    System.out.flush();
                    Runtime.getRuntime().halt(HALTED);
                }
            }
            Object r;
            try {
                r = m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (r instanceof java.sql.CallableStatement c) {
                return proxy(java.sql.CallableStatement.class, c, haltAt);
            }
            if (r instanceof java.sql.PreparedStatement ps) {
                return proxy(java.sql.PreparedStatement.class, ps, haltAt);
            }
            if (r instanceof Statement s) {
                return proxy(Statement.class, s, haltAt);
            }
            if (r instanceof Connection c) {
                return proxy(Connection.class, c, haltAt);
            }
            return r;
        };
        return (T) Proxy.newProxyInstance(MigrationKillChildMain.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
