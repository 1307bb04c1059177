-- The ids an operator reads (run and plan ids: Spring Batch's job execution and job instance
-- sequences; conflict ids) must be consecutive. H2 pre-allocates 32 values of a sequence or
-- identity and loses what it had not used when the process is killed ("run 1, then run 33").
-- CACHE 1 allocates one at a time on H2; it is PostgreSQL's default already (said again here so
-- both databases agree).
ALTER SEQUENCE BATCH_JOB_EXECUTION_SEQ CACHE 1;
ALTER SEQUENCE BATCH_JOB_INSTANCE_SEQ CACHE 1;
ALTER TABLE conflict ALTER COLUMN conflict_id SET CACHE 1;
