package io.recsync.sync;

import io.recsync.config.TransferSettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for transient storage errors: delays double from the
 * initial value up to the maximum, and each is drawn at random below that bound so that parallel
 * transfers hitting the same broken link do not retry in lockstep.
 */
public final class RetryPolicy {

    /** Waits; tests pass one that does not. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final int attempts;
    private final Duration initial;
    private final Duration max;
    private final Sleeper sleeper;

    public RetryPolicy(int attempts, Duration initial, Duration max, Sleeper sleeper) {
        this.attempts = Math.max(1, attempts);
        this.initial = initial;
        this.max = max;
        this.sleeper = sleeper;
    }

    public static RetryPolicy of(TransferSettings t, Sleeper sleeper) {
        return new RetryPolicy(t.attempts(), t.initialBackoff(), t.maxBackoff(), sleeper);
    }

    public int attempts() {
        return attempts;
    }

    /** Sleeps before attempt {@code nextAttempt} (2 = the first retry). */
    public void backOff(int nextAttempt) throws InterruptedException {
        long bound = initial.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
        bound = Math.min(bound, max.toMillis());
        long delay = bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
        sleeper.sleep(Duration.ofMillis(delay));
    }
}
