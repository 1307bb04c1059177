-- A nightly run with nothing new need not diff a million recordings again. Every change to what
-- recsync knows a site holds (index rows, metadata baselines) bumps the site's index_version; a
-- plan records a signature of the run's links, filters, policy and those versions, confirmed
-- once its run completed without a failed item. A later plan with the same signature would find
-- exactly nothing, so it is not computed again (a resync always plans).
ALTER TABLE site ADD COLUMN index_version BIGINT DEFAULT 0 NOT NULL;

CREATE TABLE plan_signature (
    job_name  VARCHAR(100) NOT NULL,
    scope     CHAR(64)     NOT NULL,
    signature CHAR(64)     NOT NULL,
    plan_id   BIGINT       NOT NULL,
    confirmed BOOLEAN      DEFAULT FALSE NOT NULL,
    CONSTRAINT plan_signature_pk PRIMARY KEY (job_name, scope)
);
