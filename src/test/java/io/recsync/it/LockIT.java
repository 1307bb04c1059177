package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.store.RunLock;
import io.recsync.store.StateDatabase;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs of one job at once: the second exits 5 at once and touches nothing. */
class LockIT {

    @TempDir
    Path tmp;

    @Test
    void aSecondConcurrentRunExits5AndTouchesNothing() throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        Path home = tmp.resolve("home");
        CliRun cli = new CliRun(home).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 60);
        demo.rewriteJob("{ type: faulty, slowPutMillis: 30, delegate: { type: local, root: ./site-b } }",
                "  chunkSize: 10\n  parallel: 1\n");

        CompletableFuture<CliRun.Result> first = CompletableFuture.supplyAsync(() -> cli.run("sync", "--job", demo.job.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (CrashIT.wavCount(demo.siteB) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long before = CrashIT.wavCount(demo.siteB);
        CliRun.Result second = cli.run("sync", "--job", demo.job.toString());
        assertThat(second.exit()).as(second.toString()).isEqualTo(5);
        assertThat(second.err()).contains("another run of job 'demo' is in progress; nothing done");
        assertThat(first.get(120, TimeUnit.SECONDS).exit()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
        assertThat(before).isLessThan(60);

        // With a lock held by another process's way of holding it, the same: nothing done.
        try (StateDatabase db = StateDatabase.open(home, null, null, null);
                RunLock held = RunLock.tryAcquire(db, home, "demo").orElseThrow()) {
            DemoSites.create(cli, demo.dir, 70); // ten new recordings arrive at site-a
            CliRun.Result blocked = cli.run("sync", "--job", demo.job.toString(), "--json");
            assertThat(blocked.exit()).isEqualTo(5);
            assertThat(CrashIT.wavCount(demo.siteB)).as("a locked-out run copies nothing").isEqualTo(60);
        }
        Optional<RunLock> free = Optional.empty();
        try (StateDatabase db = StateDatabase.open(home, null, null, null)) {
            free = RunLock.tryAcquire(db, home, "demo");
            assertThat(free).as("the lock is released when its holder ends").isPresent();
        } finally {
            free.ifPresent(RunLock::close);
        }
    }
}
