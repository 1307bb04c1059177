-- Manager and workers (issue 14, README "Scaling out"). Which worker process recorded an item's
-- outcome (null when the run copied it itself, without workers), so the report can say who copied
-- what; and the worker processes alive or once alive, with their heartbeat and current partition
-- (`recsync workers`).
ALTER TABLE transfer_item ADD COLUMN IF NOT EXISTS worker VARCHAR(200);
CREATE TABLE IF NOT EXISTS recsync_worker (
    worker_id         VARCHAR(200)  NOT NULL,
    host              VARCHAR(200)  NOT NULL,
    pid               BIGINT        NOT NULL,
    jobs              VARCHAR(2000) NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    step_execution_id BIGINT,
    partition_name    VARCHAR(200),
    partition_job     VARCHAR(100),
    partitions_done   BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT recsync_worker_pk PRIMARY KEY (worker_id)
);
