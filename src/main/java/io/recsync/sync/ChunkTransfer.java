package io.recsync.sync;

import io.recsync.store.TransferItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies the items of a chunk with up to {@code parallel} at a time. Each item is handed to exactly
 * one thread; results come back in the chunk's order so they can be committed together. A chunk
 * can be started before the previous one's outcomes are recorded (the transfer step's pipeline).
 * Watches for a dead link: after N consecutive transient failures it raises a flag that stops the
 * step once this chunk's results are committed.
 */
public final class ChunkTransfer implements AutoCloseable {

    private final ItemCopier copier;
    private final ExecutorService pool;
    private final int abortAfter;
    private final ProgressListener progress;
    private final AtomicInteger consecutiveTransient = new AtomicInteger();
    private final AtomicReference<String> linkDown = new AtomicReference<>();

    public ChunkTransfer(ItemCopier copier, int parallel, int abortAfterConsecutiveFailures, ProgressListener progress) {
        this.copier = copier;
        this.abortAfter = abortAfterConsecutiveFailures;
        this.progress = progress;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "recsync-transfer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Hands the items to the copying threads and returns at once: the caller records the previous
     * chunk's outcomes while these copies run, so the threads never wait on the database.
     */
    public Started start(List<TransferItem> items) {
        List<Future<ItemCopier.Outcome>> futures = new ArrayList<>(items.size());
        for (TransferItem item : items) {
            futures.add(pool.submit(() -> {
                // A dead link is not worth more attempts in this run: leave the rest pending.
                if (linkDown.get() != null) {
                    return skippedLinkDown(item);
                }
                // Past --max-duration or --max-transfer: start no new copy (those running finish).
                String limit = copier.limits().stopReason();
                if (limit != null) {
                    return notStarted(item, limit);
                }
                ItemCopier.Outcome o = copier.transfer(item);
                watch(o);
                progress.itemFinished(o);
                return o;
            }));
        }
        return new Started(List.copyOf(items), futures);
    }

    /** A chunk handed to the copying threads: its items and, once they finish, their outcomes. */
    public static final class Started {
        private final List<TransferItem> items;
        private final List<Future<ItemCopier.Outcome>> futures;

        private Started(List<TransferItem> items, List<Future<ItemCopier.Outcome>> futures) {
            this.items = items;
            this.futures = futures;
        }

        public List<TransferItem> items() {
            return items;
        }

        /** Waits for every copy of the chunk; outcomes in the chunk's order. */
        public List<ItemCopier.Outcome> await() {
            List<ItemCopier.Outcome> out = new ArrayList<>(futures.size());
            for (Future<ItemCopier.Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while copying", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            return out;
        }
    }

    /** Why the step should stop, or null while the link looks alive. */
    public String linkDownReason() {
        return linkDown.get();
    }

    private void watch(ItemCopier.Outcome o) {
        if (o.transientFailure()) {
            if (consecutiveTransient.incrementAndGet() >= abortAfter) {
                linkDown.compareAndSet(null, abortAfter + " items in a row could not be copied (link down or target full); last: "
                        + o.result().message());
            }
        } else {
            consecutiveTransient.set(0);
        }
    }

    private static ItemCopier.Outcome notStarted(TransferItem item, String why) {
        return new ItemCopier.Outcome(new io.recsync.store.ItemResult(item.itemId(),
                io.recsync.store.ItemResult.ItemStatus.PENDING, "LEFT_AT_LIMIT", 0, item.attempts(),
                "not started: " + why + "; the next run copies it"), null, null, false);
    }

    /** Why no new copy starts (the run's --max-duration or --max-transfer was reached), or null. */
    public String limitReason() {
        return copier.limits().stopReason();
    }

    private static ItemCopier.Outcome skippedLinkDown(TransferItem item) {
        return new ItemCopier.Outcome(new io.recsync.store.ItemResult(item.itemId(),
                io.recsync.store.ItemResult.ItemStatus.PENDING, "RETRY_LATER", 0, item.attempts(),
                "not attempted: the link looked down"), null, null, true);
    }

    /**
     * Stops the copying threads: copies not started are dropped and running ones interrupted (an
     * interrupted put leaves at most its temp file, which the next put of that name replaces).
     * Their items are still PENDING and the next run copies them.
     */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
