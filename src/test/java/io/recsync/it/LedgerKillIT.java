package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a sync mid-way leaves the ledger's chain valid (entries commit with their chunk); the
 * next run continues the chain, records the dead run, places every file exactly once, and writes
 * the target's copy with the killed run's entries too.
 */
class LedgerKillIT {

    @TempDir
    Path tmp;

    @Test
    void aKilledRunLeavesTheChainValidAndTheNextRunContinuesIt() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        Path home = tmp.resolve("home");
        CliRun cli = new CliRun(home).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 150);
        assertThat(cli.run("ledger", "keygen", "--out", tmp.resolve("keys").toString()).exit()).isZero();
        String ledger = "ledger:\n  signingKeyFile: \"" + tmp.resolve("keys/ledger-signing.pem")
                + "\"\n  publicKeyFile: \"" + tmp.resolve("keys/ledger-public.pem") + "\"\n";
        demo.rewriteJob("{ type: faulty, slowPutMillis: 20, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 10\n  parallel: 2\n" + ledger);

        Process child = CrashIT.child(home, "sync", "--job", demo.job.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (CrashIT.wavCount(demo.siteB) < 40 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(child.isAlive()).as("the child must still be copying when it is killed").isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // What the dead run committed is a valid chain on its own.
        long killedEntries = count(home, "SELECT COUNT(*) FROM ledger_entry");
        assertThat(killedEntries).isGreaterThan(0).isLessThan(300);
        CliRun.Result mid = cli.run("ledger", "verify", "--job", demo.job.toString());
        assertThat(mid.out()).doesNotContain("FOUND database");

        demo.rewriteJob("{ type: faulty, delegate: { type: local, root: ./site-b } }", null);
        CliRun.Result next = cli.run("sync", "--job", demo.job.toString());
        assertThat(next.exit()).as(next.toString()).isZero();

        CliRun.Result v = cli.run("ledger", "verify", "--job", demo.job.toString());
        assertThat(v.exit()).as(v.toString()).isZero();
        List<String> kinds = new ArrayList<>();
        try (Connection c = h2(home); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT kind, detail FROM ledger_entry WHERE kind = 'RUN' ORDER BY seq")) {
            while (rs.next()) {
                kinds.add(rs.getString(2));
            }
        }
        // The dead run, recovered by the next, then the next itself.
        assertThat(kinds).hasSize(2);
        assertThat(kinds.get(0)).startsWith("status=FAILED");
        assertThat(kinds.get(1)).startsWith("status=COMPLETED exit=0");
        // Every file placed exactly once: an item is recorded DONE once, with its entry.
        assertThat(count(home, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'PLACEMENT'")).isEqualTo(300);
        assertThat(count(home, "SELECT COUNT(DISTINCT path) FROM ledger_entry WHERE kind = 'PLACEMENT'")).isEqualTo(300);
        assertThat(count(home, "SELECT MAX(seq) FROM ledger_entry")).isEqualTo(302);
        assertThat(demo.siteB.resolve(".recsync/ledger/demo/entries-000000000001-000000000302.jsonl")).exists();
    }

    static Connection h2(Path home) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("state").resolve("recsync").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE", "", "");
    }

    static long count(Path home, String sql) throws Exception {
        try (Connection c = h2(home); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
