package io.recsync.job;

import io.recsync.store.StateDatabase;
import io.recsync.store.WorkerRegistry;
import io.recsync.sync.SyncSession;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * {@code recsync worker}: polls each of its jobs' partition queues and runs the partitions it
 * takes with Spring Batch's {@link StepExecutionRequestHandler}, against the shared job
 * repository. Before running one it takes the partition's lock (a PostgreSQL session lock that
 * dies with this process) and checks that the partition and its run are still running, so a
 * request sent twice, or one left from a run that was since recovered, is dropped.
 */
public final class WorkerRunner implements AutoCloseable {

    /** How often the worker's row says it is alive. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final StateDatabase db;
    private final String id;
    private final PrintStream out;
    private final WorkerRegistry registry;
    private final List<Lane> lanes = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    /** Holds this worker's life lock (WorkerRegistry#alive) until the process ends. */
    private final Connection life;

    /** One job this worker serves: its session, context, queue and handler. */
    private record Lane(SyncSession session, ConfigurableApplicationContext ctx, PartitionQueue queue,
            StepExecutionRequestHandler handler, JobRepository repository) {}

    public WorkerRunner(StateDatabase db, List<SyncSession> sessions, String id, PrintStream out) {
        this.db = db;
        this.id = id;
        this.out = out;
        this.registry = new WorkerRegistry(db.jdbc());
        for (SyncSession s : sessions) {
            s.worker(id);
            AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
            ctx.getBeanFactory().registerSingleton("dataSource", db.dataSource());
            ctx.getBeanFactory().registerSingleton("syncSession", s);
            ctx.register(WorkerJobConfiguration.class);
            ctx.refresh();
            JobRepository repository = ctx.getBean(JobRepository.class);
            Step step = ctx.getBean(Step.class);
            StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
            handler.setJobRepository(repository);
            handler.setStepLocator(name -> step);
            lanes.add(new Lane(s, ctx, new PartitionQueue(db.dataSource(), s.job().name()), handler, repository));
        }
        try {
            life = db.dataSource().getConnection();
            life.setAutoCommit(true);
            WorkerRegistry.lockLife(life, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take worker " + id + "'s lock in the state database: "
                    + e.getMessage(), e);
        }
        registry.register(id, host(), ProcessHandle.current().pid(),
                String.join(",", sessions.stream().map(s -> s.job().name()).toList()));
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recsync-worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                registry.heartbeat(id);
            } catch (RuntimeException e) {
                // The database blinked; the next beat tries again.
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This process's name among workers: host and pid. */
    public static String defaultId() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Serves partitions until {@code stop} says so (checked between partitions: one that has
     * started is finished first) or, when {@code idleExit} is not null, until no request came for
     * that long.
     */
    public void run(BooleanSupplier stop, Duration poll, Duration idleExit) throws InterruptedException {
        Instant lastWork = Instant.now();
        while (!stop.getAsBoolean()) {
            boolean any = false;
            for (Lane lane : lanes) {
                StepExecutionRequest request = lane.queue().poll();
                if (request != null) {
                    any = true;
                    runPartition(lane, request);
                    lastWork = Instant.now();
                }
                if (stop.getAsBoolean()) {
                    return;
                }
            }
            if (!any) {
                if (idleExit != null && Duration.between(lastWork, Instant.now()).compareTo(idleExit) > 0) {
                    return;
                }
                Thread.sleep(poll.toMillis());
            }
        }
    }

    private void runPartition(Lane lane, StepExecutionRequest request) {
        long stepId = request.getStepExecutionId();
        String job = lane.session().job().name();
        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(true);
            if (!WorkerRegistry.tryLockPartition(lock, stepId)) {
                out.println("worker " + id + ": job " + job + " step execution " + stepId
                        + ": another live worker runs it; request dropped");
                return;
            }
            try {
                StepExecution execution = lane.repository().getStepExecution(stepId);
                String jobStatus = execution == null ? null : db.jdbc().queryForObject(
                        "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class,
                        execution.getJobExecutionId());
                if (execution == null || !execution.getStatus().isRunning() || jobStatus == null
                        || !BatchStatus.valueOf(jobStatus).isRunning()) {
                    out.println("worker " + id + ": job " + job + " step execution " + stepId + ": "
                            + (execution == null ? "unknown" : "already " + execution.getStatus() + " (run "
                                    + jobStatus + ")") + "; request dropped");
                    return;
                }
                registry.working(id, job, stepId, execution.getStepName());
                long runId = execution.getJobExecutionId();
                lane.session().newTransferWindow(TransferPartitioner.window(execution.getExecutionContext()),
                        delta -> io.recsync.store.RunLedger.addBytesCopied(db.dataSource(), runId, delta));
                long started = System.nanoTime();
                boolean finished = false;
                try {
                    StepExecution done = lane.handler().handle(request);
                    finished = true;
                    out.println("worker " + id + ": job " + job + " " + done.getStepName() + " (step execution " + stepId
                            + "): " + done.getStatus() + ", " + done.getWriteCount() + " item(s) in "
                            + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                            + (done.getFailureExceptions().isEmpty() ? ""
                                    : ": " + done.getFailureExceptions().get(0).getMessage()));
                } catch (RuntimeException e) {
                    // E.g. the run was recovered meanwhile (its manager died): the partition's row
                    // changed under this worker, so its commit is refused. The next run copies the rest.
                    out.println("worker " + id + ": job " + job + " step execution " + stepId + " ended: " + e);
                } finally {
                    registry.idle(id, finished);
                }
            } finally {
                WorkerRegistry.unlockPartition(lock, stepId);
            }
        } catch (SQLException e) {
            out.println("worker " + id + ": job " + job + " step execution " + stepId
                    + ": the state database failed (" + e.getMessage() + "); the manager hands the partition on");
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            registry.gone(id);
        } catch (RuntimeException ignored) {
            // a stale row only shows this worker as silent
        }
        for (Lane lane : lanes) {
            lane.ctx().close();
        }
        try {
            life.close();
        } catch (SQLException ignored) {
            // the session ends with the process anyway
        }
    }
}
