package io.recsync.service;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What asks for a cycle, debounced per file: a cycle is due once some file that changed has been
 * quiet for {@code quietMillis} (a recorder wrote its audio, then its sidecar, and closed them),
 * even while other files are still being written (the cycle's scan leaves those for later), or at
 * the latest {@code maxDelayMillis} after the oldest change still waiting (a file written without
 * pause still gets cycles). Waiting is on a monitor: an idle service uses no CPU.
 */
final class Trigger {

    private final long quietMillis;
    private final long maxDelayMillis;
    /** Per changed file (or other cause): when it last changed, and the first change still waiting. */
    private final Map<String, long[]> pending = new HashMap<>();
    private String reason;
    private boolean stop;
    /** No cycle before this (millis): files a cycle left because they were still being written settle first. */
    private long notBefore;

    Trigger(long quietMillis, long maxDelayMillis) {
        this.quietMillis = quietMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** {@code key} (a file) changed; {@code why} is kept for the log (the first of a burst). */
    synchronized void fire(String key, String why) {
        long now = now();
        long[] t = pending.get(key);
        if (t == null) {
            pending.put(key, new long[] {now, now});
        } else {
            t[0] = now;
        }
        if (reason == null) {
            reason = why;
        }
        notifyAll();
    }

    /** Due at once (no debounce): a poll saw a listing change. */
    synchronized void fireNow(String why) {
        long past = now() - Math.max(quietMillis, maxDelayMillis);
        pending.put("\0now", new long[] {past, past});
        if (reason == null) {
            reason = why;
        }
        notifyAll();
    }

    /** A cycle in {@code millis} at the earliest (and without further events, then). */
    synchronized void fireIn(String why, long millis) {
        fireNow(why);
        notBefore = Math.max(notBefore, now() + millis);
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
     * Changes due within this of one another are one cycle: a recorder closes its audio and writes
     * its sidecar a few ms apart, and two cycles for them would be one too many.
     */
    static final long GRACE_MILLIS = 300;

    private long due(long[] t) {
        return Math.min(t[0] + quietMillis, t[1] + maxDelayMillis);
    }

    /**
     * When the earliest waiting change becomes due, extended over the changes due within
     * {@link #GRACE_MILLIS} after it (and so on), or Long.MAX_VALUE with none waiting.
     */
    private long due() {
        if (pending.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long[] dues = pending.values().stream().mapToLong(this::due).sorted().toArray();
        long due = dues[0];
        for (int i = 1; i < dues.length && dues[i] <= due + GRACE_MILLIS; i++) {
            due = dues[i];
        }
        return Math.max(due, notBefore);
    }

    /**
     * Waits until a cycle is due, a stop, or {@code deadlineNanos} (System.nanoTime) passed.
     *
     * @return the reason of the due cycle (and forgets the changes it covers: those quiet by now;
     *     the ones still being written keep waiting), or null on stop or deadline
     */
    synchronized String await(long deadlineNanos) throws InterruptedException {
        while (!stop) {
            long now = now();
            long due = due();
            if (now >= due) {
                String r = reason;
                notBefore = 0;
                for (Iterator<long[]> it = pending.values().iterator(); it.hasNext();) {
                    if (due(it.next()) <= now) {
                        it.remove();
                    }
                }
                reason = pending.isEmpty() ? null : "files still being written";
                return r == null ? "changes" : r;
            }
            long untilDeadline = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (untilDeadline <= 0) {
                return null;
            }
            long wait = due == Long.MAX_VALUE ? untilDeadline : Math.min(due - now, untilDeadline);
            wait(Math.max(1, wait));
        }
        return null;
    }

    /** Sleeps up to {@code millis}, waking early on stop only (new events wait for the sleep to end). */
    synchronized void sleep(long millis) throws InterruptedException {
        long end = now() + millis;
        while (!stop) {
            long left = end - now();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
