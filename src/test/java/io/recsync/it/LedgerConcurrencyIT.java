package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.peers.PostgresServer;
import io.recsync.store.LedgerEntry;
import io.recsync.store.LedgerStore;
import io.recsync.store.StateDatabase;
import io.recsync.sync.LedgerVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends to one chain from several connections at once on a real PostgreSQL, each batch in its own
 * transaction that stays open a moment after the append (as a chunk's does): the head row's lock
 * makes them follow one another, so the chain has no duplicate or skipped seq and verifies.
 * (Workers writing to different targets are not otherwise serialized by the state database.)
 */
class LedgerConcurrencyIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @TempDir
    Path tmp;

    @Test
    void concurrentAppendsFormOneValidChain() throws Exception {
        String url = postgres.freshDatabase("ledger");
        int threads = 4;
        int batches = 25;
        int size = 10;
        try (StateDatabase db = StateDatabase.open(tmp.resolve("home"), url, null, null)) {
            LedgerStore store = new LedgerStore(db.jdbc());
            store.ensureHead("j");
            TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(db.dataSource()));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<LedgerEntry.Draft> drafts = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            drafts.add(new LedgerEntry.Draft(LedgerEntry.Kind.PLACEMENT, UUID.randomUUID(),
                                    "site-" + worker, "w" + worker + "/b" + b + "/" + i + ".wav", "0".repeat(64), 1L,
                                    "COPIED"));
                        }
                        tx.executeWithoutResult(s -> {
                            store.append("j", worker + 1, drafts);
                            try {
                                Thread.sleep(5); // the rest of the chunk's transaction
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<LedgerEntry> chain = store.entries("j");
            assertThat(chain).hasSize(threads * batches * size);
            assertThat(store.head("j").seq()).isEqualTo(threads * batches * size);
            assertThat(new LedgerVerifier("j", null, "none").firstBreak("database", chain)).isNull();
        }
    }
}
