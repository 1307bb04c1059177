package io.recsync.service;

/**
 * What asks for a cycle, debounced: a burst of file events (a recorder writing an audio file, then
 * its sidecar) becomes one cycle, run once the burst has been quiet for {@code quietMillis}, or at
 * the latest {@code maxDelayMillis} after its first event (a site that never goes quiet still gets
 * cycles). Waiting is on a monitor: an idle service uses no CPU.
 */
final class Trigger {

    private final long quietMillis;
    private final long maxDelayMillis;
    private String reason;
    private long firstAt;
    private long lastAt;
    private boolean stop;
    /** No cycle before this (millis): files a cycle left because they were still being written settle first. */
    private long notBefore;

    Trigger(long quietMillis, long maxDelayMillis) {
        this.quietMillis = quietMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Something changed; {@code why} is kept for the log (the first of a burst). */
    synchronized void fire(String why) {
        long now = System.nanoTime() / 1_000_000;
        if (reason == null) {
            reason = why;
            firstAt = now;
        }
        lastAt = now;
        notifyAll();
    }

    /** Like {@link #fire} but due at once (no debounce): a poll saw a listing change already at rest. */
    synchronized void fireNow(String why) {
        fire(why);
        firstAt -= maxDelayMillis;
        notifyAll();
    }

    /** A cycle in {@code millis} at the earliest (and without further events, then). */
    synchronized void fireIn(String why, long millis) {
        fire(why);
        notBefore = Math.max(notBefore, System.nanoTime() / 1_000_000 + millis);
        notifyAll();
    }

    synchronized void stop() {
        stop = true;
        notifyAll();
    }

    synchronized boolean stopped() {
        return stop;
    }

    /**
     * Waits until a trigger is due, a stop, or {@code deadlineNanos} (System.nanoTime) passed.
     *
     * @return the reason of the due trigger (and clears it), or null on stop or deadline
     */
    synchronized String await(long deadlineNanos) throws InterruptedException {
        while (!stop) {
            long now = System.nanoTime() / 1_000_000;
            long wait;
            if (reason != null) {
                long due = Math.max(Math.min(lastAt + quietMillis, firstAt + maxDelayMillis), notBefore);
                if (now >= due) {
                    String r = reason;
                    reason = null;
                    notBefore = 0;
                    return r;
                }
                wait = due - now;
            } else {
                wait = Long.MAX_VALUE;
            }
            long untilDeadline = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (untilDeadline <= 0) {
                return null;
            }
            wait(Math.max(1, Math.min(wait, untilDeadline)));
        }
        return null;
    }

    /** Sleeps up to {@code millis}, waking early on stop only (new events wait for the sleep to end). */
    synchronized void sleep(long millis) throws InterruptedException {
        long end = System.nanoTime() / 1_000_000 + millis;
        while (!stop) {
            long left = end - System.nanoTime() / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
