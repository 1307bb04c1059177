package io.recsync.job;

import io.recsync.store.TransferItem;
import io.recsync.store.TransferItemStore;
import io.recsync.sync.LinkDownException;
import io.recsync.sync.StopRequestedException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the plan's PENDING items a page at a time (keyset paging by item id). Keeps no restart
 * state on purpose: progress lives in the rows' status, so a restarted step reads from the start
 * and finds exactly the items not yet committed. Reads the next page as soon as the current one
 * is handed out, so the writer knows which chunk is the last (it records that one with itself).
 */
final class PendingItemReader implements ItemReader<TransferItem>, StepExecutionListener {

    private final TransferItemStore items;
    private final io.recsync.sync.SyncSession session;
    private final TransferItemWriter writer;
    private final int pageSize;
    private final Deque<TransferItem> page = new ArrayDeque<>();
    private long planId;
    private long lastId;
    private boolean exhausted;
    /** A worker's partition (README "Scaling out"): one link's items in an id range; null: the whole plan. */
    private String rangeLink;
    private long rangeFrom;
    private long rangeTo;

    PendingItemReader(io.recsync.sync.SyncSession session, TransferItemWriter writer, int pageSize) {
        this.session = session;
        this.items = session.items();
        this.writer = writer;
        this.pageSize = pageSize;
        writer.readFrom(this);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        planId = JobIds.planId(stepExecution);
        lastId = 0;
        exhausted = false;
        var context = stepExecution.getExecutionContext();
        rangeLink = context.containsKey(TransferPartitioner.LINK) ? context.getString(TransferPartitioner.LINK) : null;
        if (rangeLink == null && stepExecution.getStepName().contains(":partition")) {
            // A partition that lost its range would copy the whole plan beside the other workers.
            throw new IllegalStateException("partition " + stepExecution.getStepName() + " (step execution "
                    + stepExecution.getId() + ") has no item range in its execution context");
        }
        if (rangeLink != null) {
            rangeFrom = context.getLong(TransferPartitioner.FROM);
            rangeTo = context.getLong(TransferPartitioner.TO);
            session.checkPartitionSites(planId, rangeLink, rangeFrom, rangeTo);
        }
        page.clear();
    }

    @Override
    public TransferItem read() {
        String down = writer.linkDownReason();
        if (down != null) {
            // The copies that did finish are kept: recorded before this chunk rolls back.
            writer.recordInFlightOnItsOwn();
            throw new LinkDownException("stopped copying: " + down);
        }
        if (writer.stopRequested()) {
            // The same boundary as a link going down: the copies in flight end and are recorded.
            writer.recordInFlightOnItsOwn();
            throw new StopRequestedException("stopped copying: the service was asked to stop (SIGTERM/SIGINT);"
                    + " what was copied is kept and verified, the next run copies the rest");
        }
        if (writer.limitReason() != null) {
            // --max-duration or --max-transfer: hand out nothing more; the copies in flight finish
            // and are recorded, the publish step lists them and ends the run at the limit.
            writer.recordInFlight();
            return null;
        }
        fill();
        TransferItem next = page.poll();
        if (next == null) {
            // Items still pending now failed for transient reasons; the publish step reports them
            // (this chunk's last items may not be written yet, so it cannot be judged here).
            writer.recordInFlight();
            return null;
        }
        lastId = next.itemId();
        fill();
        return next;
    }

    /** Whether every pending item has been handed out: the chunk being written is the last. */
    boolean handedOutAll() {
        return exhausted && page.isEmpty();
    }

    private void fill() {
        if (page.isEmpty() && !exhausted) {
            page.addAll(rangeLink == null ? items.pendingAfter(planId, lastId, pageSize)
                    : items.pendingInRange(planId, rangeLink, rangeFrom, rangeTo, lastId, pageSize));
            exhausted = page.isEmpty();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        return null;
    }
}
