-- Target groups with `release: true` (issue 14): a recording's copy on a fallback member is deleted
-- once its preferred member is proven (read back and hashed) to hold it. One row per fallback copy
-- deleted: which run, from which member, and the preferred member that was proven; the run's
-- summary, report and history count releases from here.
CREATE TABLE IF NOT EXISTS group_release (
    execution_id   BIGINT        NOT NULL,
    job_name       VARCHAR(100)  NOT NULL,
    group_name     VARCHAR(1000) NOT NULL,
    recording_id   UUID          NOT NULL,
    released_site  VARCHAR(100)  NOT NULL,
    preferred_site VARCHAR(100)  NOT NULL,
    released_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT group_release_pk PRIMARY KEY (execution_id, job_name, group_name, recording_id, released_site)
);
-- The run's releases in its ledger row (summary line, history, report): how many, and from where
-- ("cold 15").
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS released BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS released_from VARCHAR(1000);
