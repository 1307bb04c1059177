-- A nightly with 1% new recordings need not diff the whole archive again. Changes to what recsync
-- knows a site holds are of two kinds: rows inserted or updated under a run's stamp (refresh_id:
-- a refresh's new entries, a transfer's copies) and everything else (rows dropped by a resync, a
-- site forgotten, a person's resolution). unstamped_version counts only the second kind. A plan
-- remembers, beside its full signature, the signature over unstamped_version (base_signature)
-- and the execution that planned it (stamp_from): a later plan whose base signature equals that
-- of a confirmed plan has only stamped changes to look at, and plans the recordings that have a
-- row stamped at or after stamp_from instead of every recording (TransferPlanner).
ALTER TABLE site ADD COLUMN unstamped_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE plan_signature ADD COLUMN base_signature CHAR(64);
ALTER TABLE plan_signature ADD COLUMN stamp_from BIGINT;
CREATE INDEX manifest_entry_refresh ON manifest_entry (refresh_id);
-- The recordings such a plan looks at, while it is computed: those with a row stamped after the
-- confirmed plan's execution, and those that plan's items copied (stamped by that execution itself).
CREATE TABLE plan_scope (
    plan_id      BIGINT NOT NULL,
    recording_id UUID   NOT NULL,
    CONSTRAINT plan_scope_pk PRIMARY KEY (plan_id, recording_id)
);
