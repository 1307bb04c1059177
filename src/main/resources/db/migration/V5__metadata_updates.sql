-- Metadata (user data) updates between sites, settled by policy or by a person.

-- When a recording's metadata was last changed, as its recorder says (the `newest` policy reads it).
ALTER TABLE manifest_entry ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE checksum_cache ADD COLUMN sc_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE transfer_item ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
-- A metadata update replaces the target's sidecar: only if it still has the checksum the plan saw
-- (replaces_sha256), after a verified copy of it went to .recsync/quarantine/ on that site.
-- keep_loser_as: the keep-both policy also keeps the replaced metadata beside the new one.
ALTER TABLE transfer_item ADD COLUMN replaces_sha256 CHAR(64);
ALTER TABLE transfer_item ADD COLUMN keep_loser_as VARCHAR(1024);

-- What each site's metadata was when recsync last saw a recording's copies agree (or last wrote
-- it there). A site whose metadata differs from its baseline has been edited since the last sync.
-- Rows exist only for recordings whose metadata recsync has updated: before that, versions decide.
CREATE TABLE meta_baseline (
    site_id      BIGINT   NOT NULL,
    recording_id UUID     NOT NULL,
    meta_sha256  CHAR(64) NOT NULL,
    CONSTRAINT meta_baseline_pk PRIMARY KEY (site_id, recording_id)
);
CREATE INDEX meta_baseline_recording ON meta_baseline (recording_id);

-- Both sides' versions, so a person reviewing a metadata conflict sees which is newer.
ALTER TABLE conflict ADD COLUMN source_version BIGINT;
ALTER TABLE conflict ADD COLUMN target_version BIGINT;
ALTER TABLE conflict ADD COLUMN source_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conflict ADD COLUMN target_updated_at TIMESTAMP WITH TIME ZONE;

-- Scratch space of one plan: the links along which a recording's metadata differs. Filled by
-- set-based SQL per link, read back a page of recordings at a time, emptied when planned.
CREATE TABLE meta_candidate (
    plan_id        BIGINT       NOT NULL,
    recording_id   UUID         NOT NULL,
    source_site_id BIGINT       NOT NULL,
    target_site_id BIGINT       NOT NULL,
    link_order     INT          NOT NULL,
    link_name      VARCHAR(201) NOT NULL,
    CONSTRAINT meta_candidate_pk PRIMARY KEY (plan_id, recording_id, source_site_id, target_site_id)
);

-- Planning asks whether a recording's disagreement is already on record, whichever pair of sites
-- showed it.
CREATE INDEX conflict_recording ON conflict (job_name, recording_id);
