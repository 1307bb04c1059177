package io.recsync.job;

import io.recsync.store.WorkerRegistry;
import io.recsync.sync.SyncSession;
import java.time.Duration;
import java.util.List;

/**
 * A run whose manager died may still have workers copying its partitions. Once the run is
 * recovered (its partitions marked FAILED), each such worker's next chunk commit is refused and it
 * lets go of the partition; the next run starts copying only after that (or after the heartbeat
 * limit, when a worker is stuck), so that no item is copied by two processes at once.
 */
final class PartitionRecovery {

    private PartitionRecovery() {}

    static void awaitReleased(SyncSession session, long jobExecutionId) {
        List<Long> partitions = session.db().jdbc().queryForList("SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION "
                + "WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE 'transfer:%'", Long.class, jobExecutionId);
        WorkerRegistry workers = new WorkerRegistry(session.db().jdbc());
        Duration limit = session.job().workers().heartbeatLimit(session.job().transfer());
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && partitions.stream().anyMatch(workers::partitionHeld)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
