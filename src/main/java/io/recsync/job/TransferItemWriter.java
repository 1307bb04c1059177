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

/**
 * Copies a chunk's items (in parallel) and records their outcomes in the chunk's transaction, so
 * an item is DONE in the state database exactly when its copy is committed.
 */
final class TransferItemWriter implements ItemWriter<TransferItem>, StepExecutionListener {

    private final SyncSession session;
    private ChunkTransfer transfer;
    private TransferRecorder recorder;
    private long executionId;

    TransferItemWriter(SyncSession session) {
        this.session = session;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        executionId = JobIds.executionId(stepExecution);
        var t = session.job().transfer();
        transfer = new ChunkTransfer(new ItemCopier(session.sites(), session.retryPolicy(), session.job().name()),
                t.parallel(), t.abortAfterConsecutiveFailures(), session.progress());
        recorder = new TransferRecorder(session.items(), session.index(), session.conflicts(),
                new io.recsync.store.MetadataStore(session.db().jdbc(), session.db().dialect()));
        long[] pending = session.items().pendingTotals(JobIds.planId(stepExecution));
        session.progress().planned(pending[0], pending[1]);
    }

    @Override
    public void write(Chunk<? extends TransferItem> chunk) {
        List<TransferItem> items = List.copyOf(chunk.getItems());
        List<ItemCopier.Outcome> outcomes = transfer.transfer(items);
        recorder.record(executionId, items, outcomes);
    }

    String linkDownReason() {
        return transfer == null ? null : transfer.linkDownReason();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (transfer != null) {
            transfer.close();
        }
        return null;
    }
}
