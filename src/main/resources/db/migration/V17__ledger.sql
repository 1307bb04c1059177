-- The evidence ledger (issue 15, README "Evidence" > "Ledger"): per job, an append-only hash chain
-- of every run and every verified placement. Each entry carries the hash of the one before it and
-- its own hash over a canonical encoding (LedgerCodec), so an edited, deleted or inserted row
-- breaks the chain where it happened. recsync only ever INSERTs into ledger_entry.
CREATE TABLE IF NOT EXISTS ledger_entry (
    job_name     VARCHAR(100)  NOT NULL,
    seq          BIGINT        NOT NULL,
    prev_hash    VARCHAR(64)   NOT NULL,
    kind         VARCHAR(20)   NOT NULL,
    recording_id UUID,
    site         VARCHAR(100),
    path         VARCHAR(1024),
    sha256       VARCHAR(64),
    size         BIGINT,
    execution_id BIGINT        NOT NULL,
    entered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    detail       VARCHAR(2000),
    entry_hash   VARCHAR(64)   NOT NULL,
    CONSTRAINT ledger_entry_pk PRIMARY KEY (job_name, seq)
);
CREATE INDEX IF NOT EXISTS ledger_entry_run ON ledger_entry (execution_id);
-- Whether a site has entries beyond what its copy holds: one index probe per site at run end.
CREATE INDEX IF NOT EXISTS ledger_entry_site ON ledger_entry (job_name, site, seq);
-- What the ledger last recorded of one recording's files (an audit's expectation): one probe.
CREATE INDEX IF NOT EXISTS ledger_entry_recording ON ledger_entry (job_name, recording_id, site, path, seq);
-- The chain's head per job: the row every append locks (SELECT ... FOR UPDATE) inside the chunk's
-- transaction, so several processes (a manager's workers) append to one chain one after another.
CREATE TABLE IF NOT EXISTS ledger_head (
    job_name  VARCHAR(100) NOT NULL,
    seq       BIGINT       NOT NULL,
    head_hash VARCHAR(64)  NOT NULL,
    CONSTRAINT ledger_head_pk PRIMARY KEY (job_name)
);
-- How far each site's copy of the chain (.recsync/ledger/<job>/ on the site) reaches, so that the
-- end of a run knows which sites are behind (a killed run's entries are written by the next run).
CREATE TABLE IF NOT EXISTS ledger_head_copy (
    job_name VARCHAR(100) NOT NULL,
    site     VARCHAR(100) NOT NULL,
    seq      BIGINT       NOT NULL,
    CONSTRAINT ledger_head_copy_pk PRIMARY KEY (job_name, site)
);
