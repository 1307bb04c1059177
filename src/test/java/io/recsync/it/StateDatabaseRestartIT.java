package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL state database goes away in the middle of the transfer: the run must fail
 * cleanly (exit 1, one message saying the state database is unreachable and that the next run
 * resumes, no stack trace), and once PostgreSQL is back on the same data directory and port the
 * next run resumes the plan and completes, copying nothing twice.
 */
class StateDatabaseRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDINGS = 60;

    @TempDir
    Path tmp;

    EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void theStateDatabaseLostMidTransferFailsCleanlyAndTheNextRunResumes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = tmp.resolve("pgdata");
        postgres = start(data, port);
        try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE recsync");
        }
        String url = postgres.getJdbcUrl("postgres", "recsync");

        LocalConnectorFactory local = new LocalConnectorFactory();
        Path putLog = tmp.resolve("puts.log");
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new KillerConnectorFactory(local))
                .env("RECSYNC_DB_URL", url).env("RECSYNC_DB_USER", "postgres");
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), RECORDINGS);
        demo.rewriteJob("{ type: killer, putLog: '" + putLog + "', slowPutMillis: 40, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 5\n  parallel: 2\n");
        long archive;
        try (Stream<Path> s = Files.walk(demo.siteA)) {
            archive = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }

        CompletableFuture<CliRun.Result> first = CompletableFuture.supplyAsync(() -> cli.run("sync", "--job", demo.job.toString(), "--json"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (CrashIT.wavCount(demo.siteB) < 15 && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(first.isDone()).as("the run must still be copying when PostgreSQL stops").isFalse();
        long t0 = System.nanoTime();
        postgres.close(); // pg_ctl stop -m fast: every connection is cut
        postgres = null;
        CliRun.Result cut = first.get(120, TimeUnit.SECONDS);
        long failMs = CliRun.since(t0).toMillis();
        System.out.println("state database lost: the run ended " + failMs + " ms later\n" + cut);
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(1);
        // A few waits of 5 s for a connection (step, job repository, ledger); it was a minute with 15 s each.
        assertThat(failMs).as("the run ends soon after the state database is lost").isLessThan(40_000);
        String said = cut.out() + cut.err();
        assertThat(said).containsIgnoringCase("state database").containsIgnoringCase("unreachable").contains("resume");
        assertThat(said).doesNotContain("\tat ").doesNotContain("password");
        long wavsAtFailure = CrashIT.wavCount(demo.siteB);
        assertThat(wavsAtFailure).isLessThan(RECORDINGS);

        postgres = start(data, port);
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString(), "--json");
        System.out.println("after PostgreSQL came back:\n" + next);
        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.out() + next.err()).containsAnyOf("Resumed plan", "recovered it");
        JsonNode summary = JSON.readTree(next.lastLine());
        assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(Trees.hashes(demo.siteB)).hasSize(2 * RECORDINGS).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(Trees.tempFiles(demo.siteB)).isZero();
        long written = Files.readAllLines(putLog).stream().mapToLong(l -> Long.parseLong(l.split(" ", 2)[0])).sum();
        assertThat(written).as("recording bytes put at the target over both runs").isEqualTo(archive);
    }
}
