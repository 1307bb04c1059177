package io.recsync.job;

import io.recsync.store.TransferItemStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Cuts the plan into partitions of at most {@code size} items, each one link's items in an
 * item-id range, the same ranges whenever it is asked (a restart reuses a failed partition's old
 * range); a worker's reader copies exactly the items of its range still PENDING.
 * The plan is the manager step's job instance, known when the step starts.
 */
final class TransferPartitioner implements Partitioner, StepExecutionListener {

    static final String LINK = "partition.link";
    static final String FROM = "partition.fromId";
    static final String TO = "partition.toId";
    static final String ITEMS = "partition.items";

    private final TransferItemStore items;
    private final int size;
    private long planId;

    TransferPartitioner(TransferItemStore items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        planId = JobIds.planId(stepExecution);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> out = new LinkedHashMap<>();
        int n = 0;
        for (TransferItemStore.ItemRange r : items.itemRanges(planId, size)) {
            ExecutionContext c = new ExecutionContext();
            c.putString(LINK, r.link());
            c.putLong(FROM, r.fromId());
            c.putLong(TO, r.toId());
            c.putLong(ITEMS, r.items());
            out.put("partition" + n++, c);
        }
        return out;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        return null;
    }
}
