-- Retention and legal hold (issue 15, README "Evidence"). legal_hold: the recordings a job holds,
-- refreshed from the job's legalHold: at every run (ids as given; selections by what the sites
-- hold), with the last known tenant, group and recordedAt so that a held recording lost at every
-- site is still known. link_expiry: per run and link, how many recordings the target lacks because
-- they are past its retention ("expired there", not copied back).
CREATE TABLE IF NOT EXISTS legal_hold (
    job_name     VARCHAR(100)  NOT NULL,
    recording_id UUID          NOT NULL,
    rule         VARCHAR(300)  NOT NULL,
    tenant       VARCHAR(200),
    grp          VARCHAR(200),
    recorded_at  TIMESTAMP WITH TIME ZONE,
    audio_path   VARCHAR(1024),
    CONSTRAINT legal_hold_pk PRIMARY KEY (job_name, recording_id)
);
CREATE TABLE IF NOT EXISTS link_expiry (
    execution_id BIGINT        NOT NULL,
    job_name     VARCHAR(100)  NOT NULL,
    link_name    VARCHAR(200)  NOT NULL,
    expired      BIGINT        NOT NULL,
    CONSTRAINT link_expiry_pk PRIMARY KEY (execution_id, link_name)
);
