package io.recsync.job;

import io.recsync.store.WorkerRegistry;
import io.recsync.sync.SyncSession;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The manager's watch over its partitions while the transfer step waits for them. A partition is
 * a dead worker's when its step execution is STARTED, has not been updated (one update per chunk:
 * the heartbeat) for longer than the heartbeat limit, and no live process holds its partition
 * lock; Spring Batch would leave it STARTED forever (and its {@code recover} marks without
 * checking). Its request is then sent again, for the same step execution, so a live worker takes
 * it: the reader copies only what is still PENDING, so what the dead worker committed is never
 * copied again, and at most its chunk in flight is redone.
 */
final class PartitionWatchdog implements StepExecutionListener {

    private final SyncSession session;
    private final MessageChannel requests;
    private final PartitionQueue queue;
    private final Duration limit;
    private final String stepName;
    private final AtomicInteger handedOn = new AtomicInteger();
    private ScheduledExecutorService timer;
    /** Since when no live worker serves this job while partitions wait; null while one does. */
    private java.time.Instant unservedSince;

    PartitionWatchdog(SyncSession session, PartitionQueue queue, MessageChannel requests, Duration limit, String stepName) {
        this.session = session;
        this.queue = queue;
        this.requests = requests;
        this.limit = limit;
        this.stepName = stepName;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        long jobExecutionId = stepExecution.getJobExecutionId();
        long every = Math.max(500, Math.min(limit.toMillis() / 4, 10_000));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recsync-partition-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                check(jobExecutionId);
            } catch (RuntimeException e) {
                // The state database blinked: the next round looks again.
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void check(long jobExecutionId) {
        JdbcTemplate jdbc = session.db().jdbc();
        WorkerRegistry workers = new WorkerRegistry(jdbc);
        LocalDateTime staleBefore = LocalDateTime.now().minus(limit);
        List<Object[]> open = jdbc.query("SELECT STEP_EXECUTION_ID, STEP_NAME, STATUS, LAST_UPDATED, CREATE_TIME "
                + "FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE ? "
                + "AND STATUS IN ('STARTING', 'STARTED')",
                (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4),
                    rs.getTimestamp(5)}, jobExecutionId, stepName + ":%");
        if (unserved(workers, open, jdbc)) {
            return;
        }
        for (Object[] p : open) {
            long id = (Long) p[0];
            Timestamp updated = p[3] != null ? (Timestamp) p[3] : (Timestamp) p[4];
            if (updated == null || !updated.toLocalDateTime().isBefore(staleBefore) || workers.partitionHeld(id)) {
                continue;
            }
            // A partition never started is still in the queue unless the worker that took it died
            // before starting it: only then (nothing queued) is it sent again.
            if ("STARTING".equals(p[2]) && queue.waiting() > 0) {
                continue;
            }
            jdbc.update("UPDATE BATCH_STEP_EXECUTION SET LAST_UPDATED = ? WHERE STEP_EXECUTION_ID = ?",
                    Timestamp.valueOf(LocalDateTime.now()), id);
            requests.send(MessageBuilder.withPayload(new StepExecutionRequest(stepName, id)).build());
            handedOn.incrementAndGet();
            session.warn("partition " + p[1] + " (step execution " + id + "): its worker stopped (no update for over "
                    + limit.toSeconds() + "s and no live process holds it); handed to another worker");
        }
    }

    /**
     * With no live worker serving the job for longer than the heartbeat limit, the run would wait
     * for ever: its open partitions are ended FAILED instead, so the run ends (exit 1) saying why,
     * and the next run resumes them (a partition keeps its range).
     */
    private boolean unserved(WorkerRegistry workers, List<Object[]> open, JdbcTemplate jdbc) {
        String job = session.job().name();
        boolean served = open.isEmpty() || workers.list().stream()
                .anyMatch(w -> java.util.Arrays.asList(w.jobs().split(",")).contains(job) && workers.alive(w.id()));
        if (served) {
            unservedSince = null;
            return false;
        }
        java.time.Instant now = java.time.Instant.now();
        if (unservedSince == null) {
            unservedSince = now;
            return false;
        }
        if (java.time.Duration.between(unservedSince, now).compareTo(limit) < 0) {
            return false;
        }
        String why = "no live worker served job '" + job + "' for " + limit.toSeconds() + "s; start one (`recsync worker"
                + " --job " + session.job().file() + "`, or systemctl start recsync-worker@" + job + "): the next run"
                + " resumes";
        Timestamp at = Timestamp.valueOf(LocalDateTime.now());
        // Written as a worker's failure is (type: message): no worker up is a link down to the
        // run (exit 1, retried by --retry-until once one is started).
        String exitMessage = io.recsync.sync.LinkDownException.class.getName() + ": " + why;
        for (Object[] p : open) {
            jdbc.update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED', EXIT_MESSAGE = ?, "
                    + "END_TIME = ?, LAST_UPDATED = ?, VERSION = VERSION + 1 WHERE STEP_EXECUTION_ID = ? "
                    + "AND STATUS IN ('STARTING', 'STARTED')", exitMessage, at, at, p[0]);
        }
        session.warn(why);
        return true;
    }

    /** How many partitions this run handed on from a dead worker. */
    int handedOn() {
        return handedOn.get();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (timer != null) {
            timer.shutdownNow();
        }
        // A worker that stopped its partition at the run's deadline or byte budget: the run ends
        // at the limit (exit 7, the rest left for the next run), as a single process's would.
        List<String> limits = session.db().jdbc().queryForList("SELECT EXIT_MESSAGE FROM BATCH_STEP_EXECUTION "
                + "WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE ? AND EXIT_CODE = ? ORDER BY STEP_EXECUTION_ID",
                String.class, stepExecution.getJobExecutionId(), stepName + ":%", TransferItemWriter.STOPPED_AT_LIMIT);
        if (!limits.isEmpty() && limits.get(0) != null) {
            session.limits().markStopped(limits.get(0));
        }
        // A partition that failed: its worker's reason becomes the run's (its exit code too), in
        // place of the framework's "Partition handler returned an unsuccessful step".
        List<Object[]> failed = session.db().jdbc().query("SELECT STEP_NAME, EXIT_MESSAGE FROM BATCH_STEP_EXECUTION "
                + "WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE ? AND STATUS = 'FAILED' ORDER BY STEP_EXECUTION_ID",
                (rs, n) -> new Object[] {rs.getString(1), rs.getString(2)}, stepExecution.getJobExecutionId(),
                stepName + ":%");
        if (!failed.isEmpty() && stepExecution.getStatus() == org.springframework.batch.core.BatchStatus.FAILED) {
            RuntimeException why = io.recsync.sync.PartitionFailure.of((String) failed.get(0)[0], (String) failed.get(0)[1]);
            stepExecution.addFailureException(why);
            if (failed.size() > 1) {
                session.warn(failed.size() + " partitions failed; the first is the run's message");
            }
        }
        return null;
    }
}
