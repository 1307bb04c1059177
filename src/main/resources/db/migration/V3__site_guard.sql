-- Safety rails (see SiteGuard): the identity recsync wrote into the site's root as
-- .recsync/site-id, and how many recordings the last scan of the site found.
ALTER TABLE site ADD COLUMN site_uid VARCHAR(64);
ALTER TABLE site ADD COLUMN last_scan_count BIGINT;
