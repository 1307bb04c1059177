-- When a resync finished its full scan of a target (issue 11, defect 9): what a nightly sync
-- cannot prove (it trusts recsync's own segments on the target), a full scan does. One row per
-- run and site; scope 'all' unless the operator narrowed the run (--tenant, --since, ...).
CREATE TABLE full_proof (
    execution_id BIGINT       NOT NULL,
    job_name     VARCHAR(100) NOT NULL,
    site_name    VARCHAR(100) NOT NULL,
    proven_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    scope        VARCHAR(1000) NOT NULL,
    CONSTRAINT full_proof_pk PRIMARY KEY (execution_id, site_name)
);
CREATE INDEX full_proof_site ON full_proof (job_name, site_name, proven_at);

-- A scan asks the index by audio path for audio whose sidecar is gone.
CREATE INDEX manifest_entry_audio_path ON manifest_entry (site_id, audio_path);
