package io.recsync.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rows of the {@code site} table: one per (job, site). */
public final class SiteStore {

    private final JdbcTemplate jdbc;

    public SiteStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The site's id, creating the row on first use. */
    public long idFor(String job, String site, String location) {
        List<Long> ids = jdbc.queryForList("SELECT site_id FROM site WHERE job_name = ? AND site_name = ?", Long.class, job, site);
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE site SET location = ? WHERE site_id = ?", location, ids.get(0));
            return ids.get(0);
        }
        jdbc.update("INSERT INTO site (job_name, site_name, location) VALUES (?, ?, ?)", job, site, location);
        return jdbc.queryForObject("SELECT site_id FROM site WHERE job_name = ? AND site_name = ?", Long.class, job, site);
    }

    public boolean fullScanDone(long siteId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT full_scan_done FROM site WHERE site_id = ?", Boolean.class, siteId));
    }

    public void markFullScanDone(long siteId) {
        jdbc.update("UPDATE site SET full_scan_done = TRUE WHERE site_id = ?", siteId);
    }

    /** The identity recsync wrote into the site's root, or empty before it first did. */
    public java.util.Optional<String> siteUid(long siteId) {
        return java.util.Optional.ofNullable(
                jdbc.queryForObject("SELECT site_uid FROM site WHERE site_id = ?", String.class, siteId));
    }

    public void setSiteUid(long siteId, String uid) {
        jdbc.update("UPDATE site SET site_uid = ? WHERE site_id = ?", uid, siteId);
    }

    /** Recordings the last accepted scan of the site found, or empty before the first. */
    public java.util.OptionalLong lastScanCount(long siteId) {
        Long n = jdbc.queryForObject("SELECT last_scan_count FROM site WHERE site_id = ?", Long.class, siteId);
        return n == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(n);
    }

    public void setLastScanCount(long siteId, long count) {
        jdbc.update("UPDATE site SET last_scan_count = ? WHERE site_id = ?", count, siteId);
    }

    /**
     * Forgets what recsync knew the site held: its storage was replaced (a new sentinel was adopted
     * with --force), so the next refresh scans it in full as on first contact.
     */
    public void forgetContents(long siteId) {
        jdbc.update("DELETE FROM manifest_entry WHERE site_id = ?", siteId);
        jdbc.update("DELETE FROM manifest_file WHERE site_id = ?", siteId);
        jdbc.update("DELETE FROM checksum_cache WHERE site_id = ?", siteId);
        jdbc.update("UPDATE site SET full_scan_done = FALSE, last_scan_count = NULL WHERE site_id = ?", siteId);
        PlanSignatureStore.bump(jdbc, siteId);
    }

    public String siteName(long siteId) {
        return jdbc.queryForObject("SELECT site_name FROM site WHERE site_id = ?", String.class, siteId);
    }
}
