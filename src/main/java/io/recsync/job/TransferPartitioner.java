package io.recsync.job;

import io.recsync.store.PartitionRanges;
import io.recsync.sync.TransferLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
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
    /** The run's transfer window (TransferLimits.Window), the same in every partition. */
    private static final String BANDWIDTH = "window.bandwidth";
    private static final String BANDWIDTH_FROM = "window.bandwidthFrom";
    private static final String DEADLINE = "window.deadlineEpochMillis";
    private static final String MAX_DURATION = "window.maxDuration";
    private static final String MAX_DURATION_FROM = "window.maxDurationFrom";
    private static final String MAX_BYTES = "window.maxBytes";
    private static final String MAX_BYTES_FROM = "window.maxBytesFrom";

    private final PartitionRanges ranges;
    private final int size;
    private long planId;

    TransferPartitioner(PartitionRanges ranges, int size) {
        this.ranges = ranges;
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
        for (PartitionRanges.ItemRange r : ranges.itemRanges(planId, size)) {
            ExecutionContext c = new ExecutionContext();
            c.putString(LINK, r.link());
            c.putLong(FROM, r.fromId());
            c.putLong(TO, r.toId());
            c.putLong(ITEMS, r.items());
            out.put("partition" + n++, c);
        }
        return out;
    }

    /**
     * Spring Batch's splitter, with this run's transfer window written into every partition it
     * hands out. A restarted partition gets its last execution's context back (its item range, on
     * purpose), which would also bring back the window of the run that cut it: a deadline long
     * passed, or a budget the new run was not given.
     */
    static StepExecutionSplitter windowed(JobRepository repository, String stepName, Partitioner partitioner,
            Supplier<TransferLimits.Window> window) {
        SimpleStepExecutionSplitter split = new SimpleStepExecutionSplitter(repository, stepName, partitioner);
        split.setAllowStartIfComplete(true);
        return new StepExecutionSplitter() {
            @Override
            public String getStepName() {
                return split.getStepName();
            }

            @Override
            public Set<StepExecution> split(StepExecution manager, int gridSize) throws JobExecutionException {
                Set<StepExecution> partitions = split.split(manager, gridSize);
                TransferLimits.Window w = window.get();
                for (StepExecution p : partitions) {
                    write(p.getExecutionContext(), w);
                    repository.updateExecutionContext(p);
                }
                return partitions;
            }
        };
    }

    private static void write(ExecutionContext c, TransferLimits.Window w) {
        for (String key : List.of(BANDWIDTH, BANDWIDTH_FROM, DEADLINE, MAX_DURATION, MAX_DURATION_FROM, MAX_BYTES,
                MAX_BYTES_FROM)) {
            c.remove(key);
        }
        if (w.bandwidth() != null) {
            c.putString(BANDWIDTH, w.bandwidth());
            c.putString(BANDWIDTH_FROM, w.bandwidthFrom());
        }
        if (w.deadline() != null) {
            c.putLong(DEADLINE, w.deadline().toEpochMilli());
            c.putString(MAX_DURATION, w.maxDuration().toString());
            c.putString(MAX_DURATION_FROM, w.maxDurationFrom());
        }
        if (w.maxBytes() != null) {
            c.putLong(MAX_BYTES, w.maxBytes());
            c.putString(MAX_BYTES_FROM, w.maxBytesFrom());
        }
    }

    /** The run's window a partition carries; no limit where it carries none. */
    static TransferLimits.Window window(ExecutionContext c) {
        return new TransferLimits.Window(c.containsKey(BANDWIDTH) ? c.getString(BANDWIDTH) : null,
                c.containsKey(BANDWIDTH_FROM) ? c.getString(BANDWIDTH_FROM) : null,
                c.containsKey(DEADLINE) ? java.time.Instant.ofEpochMilli(c.getLong(DEADLINE)) : null,
                c.containsKey(MAX_DURATION) ? java.time.Duration.parse(c.getString(MAX_DURATION)) : null,
                c.containsKey(MAX_DURATION_FROM) ? c.getString(MAX_DURATION_FROM) : null,
                c.containsKey(MAX_BYTES) ? c.getLong(MAX_BYTES) : null,
                c.containsKey(MAX_BYTES_FROM) ? c.getString(MAX_BYTES_FROM) : null);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        return null;
    }
}
