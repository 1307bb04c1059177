package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.store.LedgerCodec;
import io.recsync.store.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The chain check names the first entry that differs, is missing or was inserted. */
class LedgerChainTest {

    static final LedgerVerifier V = new LedgerVerifier("j", null, "none");

    static List<LedgerEntry> chain(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        String prev = LedgerCodec.GENESIS;
        for (int i = 1; i <= n; i++) {
            LedgerEntry e = new LedgerEntry("j", i, prev, LedgerEntry.Kind.PLACEMENT, new UUID(0, i), "b", "p/" + i + ".wav",
                    "0".repeat(63) + (i % 10), (long) i, 5, Instant.parse("2026-12-06T00:00:00Z"), "COPIED", null);
            e = e.withHash(LedgerCodec.hashOf(e));
            out.add(e);
            prev = e.hash();
        }
        return out;
    }

    static LedgerEntry rehashed(LedgerEntry e, String prev, long seq) {
        LedgerEntry x = new LedgerEntry(e.job(), seq, prev, e.kind(), e.recordingId(), e.site(), e.path(), e.sha256(),
                e.size(), e.run(), e.at(), e.detail(), null);
        return x.withHash(LedgerCodec.hashOf(x));
    }

    @Test
    void anIntactChainHolds() {
        assertThat(V.firstBreak("database", chain(20))).isNull();
        assertThat(LedgerVerifier.firstDifference("site b", chain(20), chain(12))).isNull();
    }

    @Test
    void anEditedEntryIsNamed() {
        List<LedgerEntry> c = chain(20);
        LedgerEntry e = c.get(6);
        c.set(6, new LedgerEntry(e.job(), e.seq(), e.prevHash(), e.kind(), e.recordingId(), e.site(), e.path(),
                "f".repeat(64), e.size(), e.run(), e.at(), e.detail(), e.hash()));
        LedgerVerifier.Finding f = V.firstBreak("database", c);
        assertThat(f.seq()).isEqualTo(7);
        assertThat(f.recording()).isEqualTo(new UUID(0, 7));
        assertThat(f.message()).startsWith("differs");
        assertThat(LedgerVerifier.firstDifference("site b", chain(20), c).message()).contains("sha256");
    }

    @Test
    void aDeletedEntryIsNamed() {
        List<LedgerEntry> c = chain(20);
        c.remove(8);
        LedgerVerifier.Finding f = V.firstBreak("site b", c);
        assertThat(f.seq()).isEqualTo(9);
        assertThat(f.message()).startsWith("missing");
        LedgerVerifier.Finding d = LedgerVerifier.firstDifference("site b", chain(20), c);
        assertThat(d.seq()).isEqualTo(9);
        assertThat(d.recording()).isEqualTo(new UUID(0, 9));
    }

    @Test
    void anInsertedEntryIsNamedEvenWhenTheTampererRecomputedEveryHash() {
        List<LedgerEntry> c = chain(20);
        LedgerEntry forged = new LedgerEntry("j", 12, c.get(10).hash(), LedgerEntry.Kind.PLACEMENT, new UUID(9, 9), "b",
                "forged.wav", "a".repeat(64), 1L, 5, Instant.parse("2026-12-06T00:00:00Z"), "COPIED", null);
        List<LedgerEntry> t = new ArrayList<>(c.subList(0, 11));
        t.add(forged.withHash(LedgerCodec.hashOf(forged)));
        String prev = t.get(11).hash();
        for (LedgerEntry e : c.subList(11, 20)) {
            LedgerEntry r = rehashed(e, prev, e.seq() + 1);
            t.add(r);
            prev = r.hash();
        }
        assertThat(V.firstBreak("database", t)).as("a recomputed chain holds in itself").isNull();
        LedgerVerifier.Finding f = LedgerVerifier.firstDifference("site b", t, c);
        assertThat(f.seq()).isEqualTo(12);
        assertThat(f.recording()).isEqualTo(new UUID(9, 9));
        assertThat(f.message()).startsWith("inserted in the database");

        List<LedgerEntry> dup = new ArrayList<>(c);
        dup.add(11, c.get(10));
        assertThat(V.firstBreak("site b", dup).message()).startsWith("inserted");
    }
}
