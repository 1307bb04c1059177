-- Target groups (issue 14): for every recording a group link planned, the member it is owed to
-- (its preferred member: the weighted rendezvous choice among the group's best priority), and,
-- when a run placed it on another member because that one was unreachable, which member and run.
-- The backlog of a group member's link counts only the recordings owed to it; status and the run
-- report count per member what it holds as preferred and as fallback.
CREATE TABLE IF NOT EXISTS group_choice (
    job_name       VARCHAR(100)  NOT NULL,
    group_name     VARCHAR(1000) NOT NULL,
    recording_id   UUID          NOT NULL,
    preferred_site VARCHAR(100)  NOT NULL,
    fallback_site  VARCHAR(100),
    fallback_execution_id BIGINT,
    CONSTRAINT group_choice_pk PRIMARY KEY (job_name, group_name, recording_id)
);
CREATE INDEX IF NOT EXISTS group_choice_preferred ON group_choice (job_name, group_name, preferred_site, recording_id);
-- The item a group's planner kept for a recording says so: its group, and whether its member is a
-- fallback (the preferred member was unreachable). The run report counts per member from these.
ALTER TABLE transfer_item ADD COLUMN group_name VARCHAR(1000);
ALTER TABLE transfer_item ADD COLUMN group_fallback BOOLEAN;
