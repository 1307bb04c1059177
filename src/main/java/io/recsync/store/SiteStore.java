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

    public String siteName(long siteId) {
        return jdbc.queryForObject("SELECT site_name FROM site WHERE site_id = ?", String.class, siteId);
    }
}
