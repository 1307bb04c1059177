-- Publishing a plan's copies in a target's manifest rewrote every one of their transfer_item rows
-- (published = TRUE): a second write of the widest row recsync keeps, per recording, in one
-- transaction holding the undo of them all (10% of the main thread of a first copy). A plan's copies
-- to one target are published through an execution instead: the publish step of execution E lists
-- every DONE item of the plan finished by an execution after the mark (all of them finished by E or
-- earlier) and then moves the mark to E, one narrow row. An item is published when its row says
-- so (rows published before this version) or it was finished by an execution at or before the mark.
CREATE TABLE publish_mark (
    plan_id              BIGINT NOT NULL,
    target_site_id       BIGINT NOT NULL,
    through_execution_id BIGINT NOT NULL,
    CONSTRAINT publish_mark_pk PRIMARY KEY (plan_id, target_site_id)
);
