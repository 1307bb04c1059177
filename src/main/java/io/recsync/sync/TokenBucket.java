package io.recsync.sync;

/**
 * Bytes per second shared by every copy of a run: each caller reserves its block and is told how
 * long to wait, so the sum over all threads keeps to the rate. Written here rather than taken from
 * a library: Guava's RateLimiter is not on recsync's classpath (and would bring all of Guava for
 * one class), Bucket4j is not among the packages this build can fetch, and Resilience4j's
 * RateLimiter counts calls per refresh cycle and refuses a request larger than one cycle's limit,
 * which does not fit 64 KiB blocks at rates from 1 KiB/s up. This is the reservation scheme those
 * libraries use, in a few lines: one lock taken once per block (not per byte), no sleeping inside it.
 */
final class TokenBucket {

    /** After a pause, up to this much of the rate may go at once (keeps a short burst, not a backlog). */
    private static final long BURST_NANOS = 50_000_000L;

    private long bytesPerSecond;
    /** When the bytes reserved so far are paid for; before now when the bucket has credit. */
    private long paidUntilNanos = System.nanoTime();

    TokenBucket(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** A new rate (0 = none) from now on; what is reserved stays reserved. */
    synchronized void rate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    synchronized long rate() {
        return bytesPerSecond;
    }

    /**
     * Reserves {@code bytes} that have just been read and returns how many nanoseconds the caller
     * must wait before going on: the time it takes the rate to pay for what was reserved before.
     */
    synchronized long reserve(long bytes, long nowNanos) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long floor = nowNanos - BURST_NANOS;
        if (paidUntilNanos - floor < 0) {
            paidUntilNanos = floor;
        }
        long wait = Math.max(0, paidUntilNanos - nowNanos);
        paidUntilNanos += (long) (bytes * 1_000_000_000.0 / bytesPerSecond);
        return wait;
    }
}
