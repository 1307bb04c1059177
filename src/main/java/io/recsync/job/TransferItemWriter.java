package io.recsync.job;

import io.recsync.store.TransferItem;
import io.recsync.sync.ChunkTransfer;
import io.recsync.sync.ItemCopier;
import io.recsync.sync.SyncSession;
import io.recsync.sync.TransferRecorder;
import java.util.List;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies the chunks' items (in parallel) and records their outcomes, one chunk behind: writing
 * chunk k hands its items to the copying threads, then records chunk k-1's outcomes (whose copies
 * ran while the step read chunk k) in chunk k's transaction. So the copying threads never wait for
 * the database, and the main thread's database work overlaps the copies.
 *
 * <p>An item is DONE in the state database only once its copy is published and verified, because
 * outcomes are recorded after the copy finished. What a killed run loses is at most the two chunks
 * in flight; their items are still PENDING and the next run copies them again (a copy already
 * published is then found in place). The last chunk is recorded with itself: the reader says when
 * it has handed out its last item, and, as a safety net, records what is in flight before it ends.
 */
final class TransferItemWriter implements ItemWriter<TransferItem>, StepExecutionListener {

    /** A worker's partition's exit code when it stopped at the run's --max-duration or --max-transfer. */
    static final String STOPPED_AT_LIMIT = "STOPPED_AT_LIMIT";

    private final SyncSession session;
    private final TransactionTemplate ownTransaction;
    private ChunkTransfer transfer;
    private TransferRecorder recorder;
    private long executionId;
    private ChunkTransfer.Started inFlight;
    private PendingItemReader reader;

    TransferItemWriter(SyncSession session, PlatformTransactionManager tx) {
        this.session = session;
        this.ownTransaction = new TransactionTemplate(tx);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void readFrom(PendingItemReader reader) {
        this.reader = reader;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        executionId = JobIds.executionId(stepExecution);
        inFlight = null;
        var t = session.job().transfer();
        transfer = new ChunkTransfer(new ItemCopier(session.sites(), session.retryPolicy(), session.job().name(),
                session.limits()),
                t.parallel(), t.abortAfterConsecutiveFailures(), session.progress());
        recorder = new TransferRecorder(session.items(), session.index(), session.conflicts(),
                new io.recsync.store.MetadataStore(session.db().jdbc(), session.db().dialect()));
        session.limits().share();
        long[] pending = session.items().pendingTotals(JobIds.planId(stepExecution));
        session.progress().planned(pending[0], pending[1]);
    }

    @Override
    public void write(Chunk<? extends TransferItem> chunk) {
        session.limits().share();
        ChunkTransfer.Started started = transfer.start(List.copyOf(chunk.getItems()));
        recordInFlight();
        inFlight = started;
        if (reader == null || reader.handedOutAll() || transfer.linkDownReason() != null
                || transfer.limitReason() != null) {
            // Nothing follows this chunk (or the step stops after it): record it with itself.
            recordInFlight();
        }
    }

    /** Records the chunk in flight, if any, in the caller's (chunk) transaction. */
    void recordInFlight() {
        ChunkTransfer.Started previous = inFlight;
        if (previous != null) {
            List<ItemCopier.Outcome> outcomes = previous.await();
            inFlight = null;
            recorder.record(executionId, previous.items(), outcomes);
        }
    }

    /**
     * Records the chunk in flight in a transaction of its own, committed before the caller's
     * transaction rolls back (the reader stops the step with an exception when a link is down).
     */
    void recordInFlightOnItsOwn() {
        if (inFlight != null) {
            ownTransaction.executeWithoutResult(status -> recordInFlight());
        }
    }

    /** Why no new copy may start (--max-duration or --max-transfer reached), or null. */
    String limitReason() {
        return transfer == null ? null : transfer.limitReason();
    }

    boolean stopRequested() {
        return session.stopRequested();
    }

    String linkDownReason() {
        return transfer == null ? null : transfer.linkDownReason();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        // A chunk still in flight here belongs to a step that failed: its items stay PENDING.
        inFlight = null;
        if (transfer != null) {
            transfer.close();
        }
        String limit = session.limits().stoppedBy();
        if (limit != null && stepExecution.getStepName().contains(":partition")) {
            // A worker's partition ended at the run's deadline or byte budget: the manager reads
            // this exit code to end the run at the limit (exit 7), not as copies that failed.
            return new ExitStatus(STOPPED_AT_LIMIT, limit);
        }
        return null;
    }
}
