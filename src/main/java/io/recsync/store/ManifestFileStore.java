package io.recsync.store;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Manifest files already read per site (recorders' manifests, recsync's own segments), by path,
 * size and modification time: an unchanged file is not read again, which is what keeps a
 * no-change nightly run from relisting a million recordings.
 */
public final class ManifestFileStore {

    private final JdbcTemplate jdbc;

    public ManifestFileStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean alreadyRead(long siteId, String path, long size, long modifiedMs) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM manifest_file WHERE site_id = ? AND path = ? AND size = ? "
                + "AND modified_ms = ?", Integer.class, siteId, path, size, modifiedMs);
        return n != null && n > 0;
    }

    public void markRead(long siteId, String path, long size, long modifiedMs) {
        markRead(siteId, path, size, modifiedMs, null);
    }

    /** @param entries recordings the file held (a recorder's manifest), or null when not counted */
    public void markRead(long siteId, String path, long size, long modifiedMs, Long entries) {
        jdbc.update("DELETE FROM manifest_file WHERE site_id = ? AND path = ?", siteId, path);
        jdbc.update("INSERT INTO manifest_file (site_id, path, size, modified_ms, entries) VALUES (?, ?, ?, ?, ?)", siteId,
                path, size, modifiedMs, entries);
    }

    /** Recordings the file held when it was last read, if counted then. */
    public java.util.OptionalLong previousEntries(long siteId, String path) {
        java.util.List<Long> n = jdbc.queryForList("SELECT entries FROM manifest_file WHERE site_id = ? AND path = ? "
                + "AND entries IS NOT NULL", Long.class, siteId, path);
        return n.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(n.get(0));
    }

    /** Forgets what was read, so the next refresh reads every file again (full resync). */
    public void forget(long siteId) {
        jdbc.update("DELETE FROM manifest_file WHERE site_id = ?", siteId);
    }
}
