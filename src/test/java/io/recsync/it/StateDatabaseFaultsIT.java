package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defect 10: faults of a PostgreSQL state database say what they are. A refused login is
 * configuration (exit 2, at once, the password never shown); a server that is down fails fast
 * (exit 1, "unreachable", the next run resumes); a database lost in the middle of a run is named
 * as such in the run's summary, not as "Connection is closed".
 */
class StateDatabaseFaultsIT {

    static final String WRONG = "not-the-Secret-42";

    @TempDir
    Path tmp;

    EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorReportedAtOnce() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(tmp.resolve("pgdata")).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE recsync LOGIN PASSWORD 'the-right-one'");
            s.execute("CREATE DATABASE recsync OWNER recsync");
            // Only the test's own superuser is trusted; recsync must give its password.
            Files.writeString(tmp.resolve("pgdata").resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            s.execute("SELECT pg_reload_conf()");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/recsync";
        CliRun cli = new CliRun(tmp.resolve("home")).env("RECSYNC_DB_URL", url).env("RECSYNC_DB_USER", "recsync");
        DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 4);

        long t0 = System.nanoTime();
        CliRun.Result r = cli.env("RECSYNC_DB_PASSWORD", WRONG).run("sync", "--job", demo.job.toString());
        long ms = CliRun.since(t0).toMillis();
        System.out.println("wrong password: " + ms + " ms\n" + r);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(ms).as("a refused login is not retried").isLessThan(10_000);
        String said = r.out() + r.err();
        assertThat(said).contains("refused the login").contains("'recsync'").contains("RECSYNC_DB_USER")
                .contains("RECSYNC_DB_PASSWORD").contains("localhost:" + postgres.getPort() + "/recsync");
        assertThat(said).doesNotContain(WRONG).doesNotContain("\tat ");
        assertThat(Trees.hashes(demo.siteB)).as("nothing was copied").isEmpty();

        CliRun.Result right = cli.env("RECSYNC_DB_PASSWORD", "the-right-one").run("sync", "--job", demo.job.toString());
        assertThat(right.exit()).as(right.toString()).isZero();
    }

    @Test
    void aServerThatIsDownFailsFastAndSaysTheNextRunResumes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens there once closed
        }
        DemoSites demo = DemoSites.create(new CliRun(tmp.resolve("demo-home")), tmp.resolve("demo"), 4);
        CliRun cli = new CliRun(tmp.resolve("home")).env("RECSYNC_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/recsync")
                .env("RECSYNC_DB_USER", "recsync").env("RECSYNC_DB_PASSWORD", WRONG);
        long t0 = System.nanoTime();
        CliRun.Result r = cli.run("sync", "--job", demo.job.toString());
        long ms = CliRun.since(t0).toMillis();
        System.out.println("server down: " + ms + " ms\n" + r);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(ms).as("a server that is down is reported at once").isLessThan(10_000);
        String said = r.out() + r.err();
        assertThat(said).contains("state database").contains("unreachable").contains("next run").contains("resumes")
                .contains("127.0.0.1:" + port);
        assertThat(said).doesNotContain(WRONG).doesNotContain("\tat ");
    }

    @Test
    void aStateDatabaseLostMidRunIsNamedInTheSummaryAndTheNextRunResumes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = tmp.resolve("pgdata");
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE recsync");
        }
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new KillerConnectorFactory(local))
                .env("RECSYNC_DB_URL", postgres.getJdbcUrl("postgres", "recsync")).env("RECSYNC_DB_USER", "postgres");
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 40);
        demo.rewriteJob("{ type: killer, slowPutMillis: 40, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 5\n  parallel: 2\n");
        CompletableFuture<CliRun.Result> first = CompletableFuture.supplyAsync(() -> cli.run("sync", "--job", demo.job.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (CrashIT.wavCount(demo.siteB) < 10 && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.isDone()).as("the run must still be copying when PostgreSQL restarts").isFalse();
        postgres.close(); // every connection is cut...
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        CliRun.Result cut = first.get(120, TimeUnit.SECONDS); // ...and the server is back before the run ends
        System.out.println("state database restarted mid-run:\n" + cut);
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        String said = cut.out() + cut.err();
        assertThat(said).containsIgnoringCase("state database").contains("lost", "kept", "next run", "resumes");
        assertThat(said).doesNotContain("\tat ");

        CliRun.Result next = cli.run("sync", "--job", demo.job.toString());
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
    }
}
