-- What each link still owed when a run ended (issue 13): per run, link and tenant, how many
-- recordings the source holds that the target does not (yet), their bytes and the recordedAt of
-- the oldest. One row per tenant with a backlog at the source, plus one row per link with tenant ''
-- for the link's total (so a link that owes nothing still has a point on a chart). Written by the
-- end of every sync and resync (LinkBacklogStore.snapshot); read by history charts.
CREATE TABLE IF NOT EXISTS link_backlog (
    execution_id BIGINT        NOT NULL,
    job_name     VARCHAR(100)  NOT NULL,
    link_name    VARCHAR(201)  NOT NULL,
    source_site  VARCHAR(100)  NOT NULL,
    target_site  VARCHAR(100)  NOT NULL,
    tenant       VARCHAR(200)  NOT NULL,
    items        BIGINT        NOT NULL,
    bytes        BIGINT        NOT NULL,
    oldest_at    TIMESTAMP WITH TIME ZONE,
    taken_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT link_backlog_pk PRIMARY KEY (execution_id, link_name, tenant)
);
CREATE INDEX IF NOT EXISTS link_backlog_job ON link_backlog (job_name, taken_at);
