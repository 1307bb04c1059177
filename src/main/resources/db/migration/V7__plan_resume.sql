-- A failed plan is resumed only while the job is what it was when the plan was made. What it was
-- is kept here, one row per part (a site, a link with its filter, the policy, the command line's
-- filter), so that a changed part can be named to the operator. A plan has rows only once its plan
-- step completed: a plan without them was never whole and is never resumed.
-- Every statement is idempotent, so a migration killed half-way is simply run again.
CREATE TABLE IF NOT EXISTS plan_definition (
    plan_id    BIGINT        NOT NULL,
    part_no    INT           NOT NULL,
    part_key   VARCHAR(300)  NOT NULL,
    part_value VARCHAR(4000) NOT NULL,
    CONSTRAINT plan_definition_pk PRIMARY KEY (plan_id, part_no)
);

-- A run's own counts beside its plan's: `planned` is the run's share of its plan (everything the
-- plan still owed when the run started), plan_items the whole plan, plan_made_by the run that
-- made it. Every item of the share is in exactly one count.
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS plan_items BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS plan_made_by BIGINT;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS held BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS held_kinds VARCHAR(200);
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS settled BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS settled_kinds VARCHAR(200);
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS in_new_conflict BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS conflict_kinds VARCHAR(200);
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS target_changed BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS left_pending BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS failed_earlier BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_run ADD COLUMN IF NOT EXISTS plan_note VARCHAR(1000);
