-- How many recordings a recorder's manifest file held when it was last read, so a manifest that
-- shrinks (a recorder rewriting it from an empty disk) is noticed (see SiteGuard).
ALTER TABLE manifest_file ADD COLUMN entries BIGINT;
