package io.recsync.store;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The counter conflict ids come from. A sequence is not transactional: a dry run, which plans with
 * the very SQL of a run inside a transaction it rolls back, would use up the ids of the conflicts it
 * found, and the first conflict a real run then opens would be #2 (issue 11). The dry run reads the
 * counter before and gives the ids back after its rollback, when no one else kept one meanwhile.
 */
public final class ConflictIdCounter {

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    public ConflictIdCounter(StateDatabase db) {
        this.jdbc = db.jdbc();
        this.postgres = db.isPostgres();
    }

    /** The id the next conflict would get. */
    public long next() {
        if (postgres) {
            String seq = sequence();
            return jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + seq, Long.class);
        }
        return jdbc.queryForObject("SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA() "
                + "AND TABLE_NAME = 'CONFLICT' AND COLUMN_NAME = 'CONFLICT_ID'", Long.class);
    }

    /**
     * Sets the counter back to {@code nextBefore} when ids were taken since and no conflict holding
     * one was committed (only a rolled-back dry run took them). Best effort: ids that cannot be given
     * back (the table busy) are skipped, as before.
     */
    public void giveBack(long nextBefore) {
        try {
            long now = next();
            Long highest = jdbc.queryForObject("SELECT COALESCE(MAX(conflict_id), 0) FROM conflict", Long.class);
            if (now <= nextBefore || highest == null || highest >= nextBefore) {
                return;
            }
            if (postgres) {
                jdbc.queryForObject("SELECT setval('" + sequence() + "', ?, false)", Long.class, nextBefore);
            } else {
                jdbc.execute("ALTER TABLE conflict ALTER COLUMN conflict_id RESTART WITH " + nextBefore);
            }
        } catch (DataAccessException e) {
            // the ids stay skipped; nothing else depends on them
        }
    }

    private String sequence() {
        return jdbc.queryForObject("SELECT pg_get_serial_sequence('conflict', 'conflict_id')", String.class);
    }
}
