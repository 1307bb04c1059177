package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defect 3: a process killed while it creates or upgrades the state database (H2 commits
 * each DDL statement by itself) must not leave a database every later run fails on. A child JVM
 * halts just before the N-th JDBC statement of the migration (Flyway's own and every migration's,
 * SQL and Java); the next command must succeed on the same RECSYNC_HOME with no manual step, and a
 * sync after it must leave the sites identical; an upgrade killed half-way keeps the runs already
 * in the database.
 */
class StateDatabaseCreationKillIT {

    /**
     * Undoes what V10 to V17 added, on H2 and PostgreSQL alike (H2 also resets V11's sequence
     * cache, and each removes the history rows in its own quoting): a new migration adds its undo here.
     */
    private static final List<String> BACK_TO_VERSION_9 = List.of(
            "ALTER TABLE meta_baseline DROP COLUMN decided",
            "DROP TABLE group_choice",
            "ALTER TABLE transfer_item DROP COLUMN group_name",
            "ALTER TABLE transfer_item DROP COLUMN group_fallback",
            "DROP TABLE link_backlog",
            "DROP TABLE publish_mark",
            "DROP TABLE plan_scope",
            "DROP INDEX manifest_entry_refresh",
            "ALTER TABLE site DROP COLUMN unstamped_version",
            "ALTER TABLE plan_signature DROP COLUMN base_signature",
            "ALTER TABLE plan_signature DROP COLUMN stamp_from",
            "DROP TABLE recsync_worker",
            "ALTER TABLE transfer_item DROP COLUMN worker",
            "DROP TABLE audit_run",
            "DROP TABLE audit_item",
            "DROP TABLE audit_proof",
            "DROP TABLE audit_finding",
            "DROP TABLE ledger_entry",
            "DROP TABLE ledger_head",
            "DROP TABLE ledger_head_copy",
            "DROP TABLE group_release",
            "ALTER TABLE sync_run DROP COLUMN released",
            "ALTER TABLE sync_run DROP COLUMN released_from",
            "DROP TABLE legal_hold",
            "DROP TABLE link_expiry");

    /**
     * Kill points of the H2 first start: each migration's first statement and history row, then
     * others spread evenly up to this many (about 2 s each). {@code -Drecsync.test.killSample=1000}
     * kills at every statement (147 on H2: about 5 minutes).
     */
    static final int SAMPLE = Integer.getInteger("recsync.test.killSample", 24);

    @TempDir
    Path tmp;

    @Test
    void aFirstStartKilledAtAnyStatementOfTheH2MigrationIsRedoneByTheNextRun() throws Exception {
        long t0 = System.nanoTime();
        DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 12);
        List<String> statements = countStatements(tmp.resolve("count"), Map.of(), "history");
        // Each migration's first statement and points spread between (history-row inserts among them):
        // an H2 first start builds a copy and swaps it in, so a kill anywhere leaves the same state.
        List<Integer> points = killPoints(statements, SAMPLE, false);
        System.out.println("H2 first start: " + statements.size() + " statements, killing at " + points.size() + ": " + points);
        int trial = 0;
        for (int n : points) {
            Path home = tmp.resolve("h2-" + n);
            Child killed = child(home, Map.of(), n, "history");
            assertThat(killed.exit).as("child halted at statement %d: %s", n, killed.log).isEqualTo(MigrationKillChildMain.HALTED);
            CliRun cli = new CliRun(home);
            CliRun.Result next = cli.run("history");
            assertThat(next.exit()).as("the run after a kill at statement %d (%s)", n, statements.get(n - 1))
                    .withFailMessage("after a kill at statement %d (%s) the next run failed:%n%s", n, statements.get(n - 1), next)
                    .isZero();
            assertThat(Files.list(home.resolve("state")).map(p -> p.getFileName().toString()))
                    .as("nothing of the killed attempt is left beside the database").noneMatch(f -> f.contains("-new"));
            if (trial++ % 8 == 0 || n == points.get(points.size() - 1)) {
                CliRun.Result sync = cli.run("sync", "--job", demo.job.toString());
                assertThat(sync.exit()).as(sync.toString()).isZero();
                assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
                assertThat(cli.run("history").out()).contains("COMPLETED");
                wipe(demo.siteB);
            }
        }
        System.out.println("H2 first-start kill trials: " + CliRun.since(t0).toMillis() + " ms");
    }

    @Test
    void anUpgradeKilledAtAnyStatementKeepsTheRunsAlreadyInTheH2Database() throws Exception {
        long t0 = System.nanoTime();
        DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 6);
        // A database two versions behind, with a run in it: made by today's code, then taken back to
        // version 9 (V10's column, V11's cache setting, V12's columns and index, V13's to V17's tables and columns undone,
        // their history rows removed).
        Path template = tmp.resolve("old");
        CliRun old = new CliRun(template);
        assertThat(old.run("sync", "--job", demo.job.toString()).exit()).isZero();
        String historyBefore = old.run("history").out();
        assertThat(historyBefore).contains("COMPLETED");
        try (Connection c = h2(template); Statement s = c.createStatement()) {
            s.execute("ALTER SEQUENCE BATCH_JOB_EXECUTION_SEQ CACHE 32");
            for (String undo : BACK_TO_VERSION_9) {
                s.execute(undo);
            }
            s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20')");
        }
        List<String> statements = countStatements(tmp.resolve("count"), Map.of(), "history", template);
        System.out.println("H2 upgrade: " + statements.size() + " statements");
        assertThat(statements).anyMatch(s -> s.contains("CACHE 1")).anyMatch(s -> s.contains("decided"));
        List<Integer> points = killPoints(statements, 10, true);
        System.out.println("H2 upgrade: killing at " + points);
        for (int n : points) {
            Path home = tmp.resolve("up-" + n);
            copyTree(template, home);
            Child killed = child(home, Map.of(), n, "history");
            assertThat(killed.exit).as("child halted at statement %d: %s", n, killed.log).isEqualTo(MigrationKillChildMain.HALTED);
            CliRun cli = new CliRun(home);
            CliRun.Result next = cli.run("history");
            assertThat(next.exit()).withFailMessage("after a kill at upgrade statement %d (%s) the next run failed:%n%s", n,
                    statements.get(n - 1), next).isZero();
            assertThat(next.out()).isEqualTo(historyBefore);
            try (Connection c = h2(home); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"version\" LIKE '__'")) {
                assertThat(rs.next() && "20".equals(rs.getString(1))).as("upgraded to version 20").isTrue();
            }
        }
        System.out.println("H2 upgrade kill trials: " + CliRun.since(t0).toMillis() + " ms");
    }

    @Test
    void aFirstStartKilledDuringThePostgresMigrationIsRolledBackAndRedone() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 6);
            createDatabase(pg, "counting");
            List<String> statements = countStatements(tmp.resolve("count"), env(pg, "counting"), "history");
            List<Integer> points = killPoints(statements, 14, false);
            System.out.println("PostgreSQL first start: " + statements.size() + " statements, killing at " + points);
            int trial = 0;
            for (int n : points) {
                String db = "kill" + n;
                createDatabase(pg, db);
                Path home = tmp.resolve("pg-" + n);
                Child killed = child(home, env(pg, db), n, "history");
                assertThat(killed.exit).as("child halted at statement %d: %s", n, killed.log).isEqualTo(MigrationKillChildMain.HALTED);
                CliRun cli = new CliRun(home);
                env(pg, db).forEach(cli::env);
                CliRun.Result next = cli.run("history");
                assertThat(next.exit()).withFailMessage("after a kill at statement %d (%s) the next run failed:%n%s", n,
                        statements.get(n - 1), next).isZero();
                if (trial++ % 6 == 0) {
                    CliRun.Result sync = cli.run("sync", "--job", demo.job.toString());
                    assertThat(sync.exit()).as(sync.toString()).isZero();
                    assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
                    wipe(demo.siteB);
                }
            }
        }
        System.out.println("PostgreSQL first-start kill trials: " + CliRun.since(t0).toMillis() + " ms");
    }

    @Test
    void anUpgradeKilledDuringThePostgresMigrationKeepsTheRunsAlreadyThere() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 6);
            createDatabase(pg, "old");
            CliRun old = new CliRun(tmp.resolve("old-home"));
            env(pg, "old").forEach(old::env);
            assertThat(old.run("sync", "--job", demo.job.toString()).exit()).isZero();
            String historyBefore = old.run("history").out();
            assertThat(historyBefore).contains("COMPLETED");
            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "old")); Statement s = c.createStatement()) {
                // Back to version 9, as for H2: with any newer version left in the history the start
                // skips Flyway (the schema looks current) and nothing would be upgraded.
                for (String undo : BACK_TO_VERSION_9) {
                    s.execute(undo);
                }
                s.execute("DELETE FROM flyway_schema_history WHERE version IN ('10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20')");
            }
            createDatabase(pg, "counting_up TEMPLATE old");
            List<String> statements = countStatements(tmp.resolve("count-up"), env(pg, "counting_up"), "history");
            assertThat(statements).as("the upgrade runs every migration after version 9")
                    .anyMatch(st -> st.contains("decided")).anyMatch(st -> st.contains("publish_mark"))
                    .anyMatch(st -> st.contains("link_backlog")).anyMatch(st -> st.contains("group_choice"))
                    .anyMatch(st -> st.contains("recsync_worker"));
            List<Integer> points = killPoints(statements, 8, true);
            System.out.println("PostgreSQL upgrade: " + statements.size() + " statements, killing at " + points);
            for (int n : points) {
                String db = "up" + n;
                createDatabase(pg, db + " TEMPLATE old");
                Path home = tmp.resolve("pgup-" + n);
                Child killed = child(home, env(pg, db), n, "history");
                assertThat(killed.exit).as("child halted at statement %d: %s", n, killed.log).isEqualTo(MigrationKillChildMain.HALTED);
                CliRun cli = new CliRun(home);
                env(pg, db).forEach(cli::env);
                CliRun.Result next = cli.run("history");
                assertThat(next.exit()).withFailMessage("after a kill at upgrade statement %d (%s) the next run failed:%n%s", n,
                        statements.get(n - 1), next).isZero();
                assertThat(next.out()).isEqualTo(historyBefore);
            }
        }
        System.out.println("PostgreSQL upgrade kill trials: " + CliRun.since(t0).toMillis() + " ms");
    }


    /**
     * The first statement of each migration and the statement writing its history row (the
     * nastiest instant for an in-place migration: its DDL done, its row not yet written), then
     * statements spread evenly up to {@code max} in all.
     */
    static List<Integer> killPoints(List<String> statements, int max, boolean historyRows) {
        TreeSet<Integer> points = new TreeSet<>(migrationBoundaries(statements, historyRows));
        List<Integer> rest = new ArrayList<>();
        for (int n = 1; n <= statements.size(); n++) {
            if (!points.contains(n)) {
                rest.add(n);
            }
        }
        int room = Math.max(2, max - points.size());
        if (room >= rest.size()) {
            points.addAll(rest); // -Drecsync.test.killSample=1000: every statement
            return new ArrayList<>(points);
        }
        for (int i = 0; i < room; i++) {
            points.add(rest.get((int) ((long) i * (rest.size() - 1) / Math.max(1, room - 1))));
        }
        return new ArrayList<>(points);
    }

    /** 1-based numbers of each migration's first statement and of each history row insert. */
    static List<Integer> migrationBoundaries(List<String> statements, boolean historyRows) {
        List<Integer> out = new ArrayList<>();
        boolean inMigration = false;
        for (int i = 0; i < statements.size(); i++) {
            // H2 prints "prepN: SQL", Hikari "HikariProxyPreparedStatement@N wrapping SQL".
            String s = statements.get(i).replaceFirst("^(prep\\d+: |\\S+ wrapping )", "").toLowerCase();
            boolean flyway = s.contains("flyway_schema_history");
            if (flyway && s.startsWith("insert")) {
                if (historyRows) {
                    out.add(i + 1);
                }
                inMigration = false;
            } else if (!flyway && !inMigration && MIGRATION_STATEMENT.matcher(s).lookingAt()) {
                out.add(i + 1);
                inMigration = true;
            }
        }
        return out;
    }

    static final Pattern MIGRATION_STATEMENT = Pattern.compile("(--|create |alter |drop |insert |update |delete )");

    List<String> countStatements(Path dir, Map<String, String> env, String command) throws Exception {
        return countStatements(dir, env, command, null);
    }

    List<String> countStatements(Path dir, Map<String, String> env, String command, Path template) throws Exception {
        Files.createDirectories(dir);
        Path home = dir.resolve("home");
        if (template != null) {
            copyTree(template, home);
        }
        Path list = dir.resolve("statements.txt");
        Child c = child(home, env, 0, List.of("-Drecsync.test.statementCount=" + list), command);
        assertThat(c.exit).as(c.log).isZero();
        return Files.readAllLines(list);
    }

    record Child(int exit, String log) {}

    Child child(Path home, Map<String, String> env, int haltAt, String... args) throws Exception {
        return child(home, env, haltAt, List.of(), args);
    }

    Child child(Path home, Map<String, String> env, int haltAt, List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC"));
        if (haltAt > 0) {
            cmd.add("-Drecsync.test.haltAtStatement=" + haltAt);
        }
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MigrationKillChildMain.class.getName()));
        cmd.addAll(List.of(args));
        Files.createDirectories(home);
        Path log = home.resolveSibling(home.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("RECSYNC_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not end: " + Files.readString(log));
        }
        return new Child(p.exitValue(), Files.readString(log));
    }

    static Map<String, String> env(EmbeddedPostgres pg, String db) {
        return Map.of("RECSYNC_DB_URL", pg.getJdbcUrl("postgres", db), "RECSYNC_DB_USER", "postgres");
    }

    static void createDatabase(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    static Connection h2(Path home) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("state").resolve("recsync").toAbsolutePath()
                + ";IFEXISTS=TRUE", "", "");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void wipe(Path site) throws IOException {
        try (var s = Files.walk(site)) {
            s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(site)).forEach(p -> p.toFile().delete());
        }
    }
}
