package io.recsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The evidence ledger's tables: {@code ledger_entry} (append-only) and {@code ledger_head} (one row
 * per job: the chain's last seq and hash). An append locks the head row, so appends to one chain
 * from several processes follow one another; call it inside the transaction that records what the
 * entries say (the chunk's), so the entries and the copies' DONE commit together or not at all.
 *
 * <p>One chain per job: the job owns the signing key and the sites it writes to, `ledger verify`
 * checks a job, and unrelated jobs never wait for each other's lock.
 */
public final class LedgerStore {

    private static final String COLUMNS = "job_name, seq, prev_hash, kind, recording_id, site, path, sha256, size,"
            + " execution_id, entered_at, detail, entry_hash";

    /** The chain's head: its last seq (0 for an empty chain) and that entry's hash. */
    public record Head(long seq, String hash) {
        public static final Head EMPTY = new Head(0, LedgerCodec.GENESIS);
    }

    private final JdbcTemplate jdbc;

    public LedgerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes sure the job's head row exists, in its own statement: call it before processes append
     * concurrently (at run start), so two first appends never race to create it.
     */
    public void ensureHead(String job) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM ledger_head WHERE job_name = ?", Long.class, job) == 0) {
            try {
                jdbc.update("INSERT INTO ledger_head (job_name, seq, head_hash) VALUES (?, 0, ?)", job, LedgerCodec.GENESIS);
            } catch (DuplicateKeyException raced) {
                // another process made it first: fine
            }
        }
    }

    /**
     * Appends {@code drafts} in order to the job's chain, for run {@code run}. Must run inside a
     * transaction: the head row stays locked until it commits. Three statements whatever the count.
     *
     * @return the appended entries
     */
    public List<LedgerEntry> append(String job, long run, List<LedgerEntry.Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        List<Head> locked = jdbc.query("SELECT seq, head_hash FROM ledger_head WHERE job_name = ? FOR UPDATE",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)), job);
        Head head;
        if (locked.isEmpty()) {
            jdbc.update("INSERT INTO ledger_head (job_name, seq, head_hash) VALUES (?, 0, ?)", job, LedgerCodec.GENESIS);
            head = Head.EMPTY;
        } else {
            head = locked.get(0);
        }
        Instant at = LedgerCodec.truncate(Instant.now());
        List<LedgerEntry> made = new ArrayList<>(drafts.size());
        long seq = head.seq();
        String prev = head.hash();
        for (LedgerEntry.Draft d : drafts) {
            seq++;
            LedgerEntry e = new LedgerEntry(job, seq, prev, d.kind(), d.recordingId(), d.site(), d.path(), d.sha256(),
                    d.size(), run, at, LedgerCodec.oneLine(d.detail()), null);
            e = e.withHash(LedgerCodec.hashOf(e));
            made.add(e);
            prev = e.hash();
        }
        List<Object[]> args = new ArrayList<>(made.size());
        for (LedgerEntry e : made) {
            args.add(new Object[] {e.job(), e.seq(), e.prevHash(), e.kind().name(), e.recordingId(), e.site(), e.path(),
                e.sha256(), e.size(), e.run(), Sql.ts(e.at()), e.detail(), e.hash()});
        }
        jdbc.batchUpdate("INSERT INTO ledger_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
        jdbc.update("UPDATE ledger_head SET seq = ?, head_hash = ? WHERE job_name = ?", seq, prev, job);
        return made;
    }

    /** The job's head as its row says; {@link Head#EMPTY} when it has none. */
    public Head head(String job) {
        List<Head> h = jdbc.query("SELECT seq, head_hash FROM ledger_head WHERE job_name = ?",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)), job);
        return h.isEmpty() ? Head.EMPTY : h.get(0);
    }

    /** The job's entries with seq above {@code afterSeq}, in seq order, streamed. */
    public void forEach(String job, long afterSeq, Consumer<LedgerEntry> consumer) {
        jdbc.query("SELECT " + COLUMNS + " FROM ledger_entry WHERE job_name = ? AND seq > ? ORDER BY seq",
                rs -> {
                    consumer.accept(map(rs));
                }, job, afterSeq);
    }

    public List<LedgerEntry> entries(String job) {
        List<LedgerEntry> all = new ArrayList<>();
        forEach(job, 0, all::add);
        return all;
    }

    /**
     * Those of {@code sites} holding entries with seq above what was last written to them (their
     * ledger copy is behind): one index probe per site, whatever the chain's length.
     */
    public List<String> sitesBehind(String job, java.util.Collection<String> sites) {
        List<String> behind = new ArrayList<>();
        for (String site : sites) {
            if (!jdbc.queryForList("SELECT 1 FROM ledger_entry WHERE job_name = ? AND site = ? AND seq > ?"
                    + " FETCH FIRST 1 ROWS ONLY", Integer.class, job, site, copiedSeq(job, site)).isEmpty()) {
                behind.add(site);
            }
        }
        return behind;
    }

    /** How far the database says the site's copy reaches (0: never written). */
    public long copiedSeq(String job, String site) {
        List<Long> s = jdbc.queryForList("SELECT seq FROM ledger_head_copy WHERE job_name = ? AND site = ?", Long.class,
                job, site);
        return s.isEmpty() ? 0 : s.get(0);
    }

    /** Notes that {@code site} holds the chain up to {@code seq}. */
    public void copied(String job, String site, long seq) {
        if (jdbc.update("UPDATE ledger_head_copy SET seq = ? WHERE job_name = ? AND site = ? AND seq < ?", seq, job, site,
                seq) == 0) {
            try {
                jdbc.update("INSERT INTO ledger_head_copy (job_name, site, seq) SELECT ?, ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM ledger_head_copy WHERE job_name = ? AND site = ?)", job, site, seq, job, site);
            } catch (DuplicateKeyException raced) {
                // another run of the job cannot hold its lock now; nothing to do
            }
        }
    }

    private static LedgerEntry map(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        LedgerEntry.Kind k;
        try {
            k = LedgerEntry.Kind.valueOf(kind);
        } catch (RuntimeException e) {
            k = null;
        }
        return new LedgerEntry(rs.getString("job_name"), rs.getLong("seq"), rs.getString("prev_hash"), k,
                Sql.uuid(rs, "recording_id"), rs.getString("site"), rs.getString("path"), rs.getString("sha256"),
                Sql.nullableLong(rs, "size"), rs.getLong("execution_id"), Sql.instant(rs, "entered_at"),
                rs.getString("detail"), rs.getString("entry_hash"));
    }
}
