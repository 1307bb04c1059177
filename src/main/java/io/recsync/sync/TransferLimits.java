package io.recsync.sync;

import io.recsync.config.BandwidthTimetable;
import io.recsync.config.JobDefinition;
import io.recsync.config.TransferSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's transfer window: the bandwidth limit shared by all its parallel copies (one bucket per
 * direction, on every connector kind: the source's stream is throttled as the target's put reads
 * it), and the soft cutoffs {@code --max-duration} and {@code --max-transfer} after which no new
 * copy starts. The command line's values win over the job's {@code transfer:} ones.
 *
 * <p>The timetable is read from {@code clock} (its zone is the timetable's local time; the CLI's
 * is the machine's), re-read at most every {@link #RECHECK_NANOS}, so a switch at 08:00 takes
 * effect during a run.
 */
public final class TransferLimits {

    /**
     * Bytes charged to the buckets at a time: the lock is taken once per block, not per byte. At
     * low rates the block shrinks to about 1/8 s of the rate (not under 4 KiB), so that no copy
     * waits so long between two blocks that a server's idle timeout could cut it.
     */
    static final int BLOCK = 64 * 1024;
    static final int MIN_BLOCK = 4 * 1024;
    static final long RECHECK_NANOS = 200_000_000L;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** No limit of any kind. */
    public static final TransferLimits NONE = new TransferLimits(null, null, Clock.systemDefaultZone(), null, null, null,
            null, null, null);

    /**
     * A run's window as the manager hands it to its workers in each partition (README "Scaling
     * out"): the bandwidth (applied in each worker process), the deadline counted from the
     * manager's start, and the byte budget of the whole run. Each field null when not set.
     */
    public record Window(String bandwidth, String bandwidthFrom, Instant deadline, Duration maxDuration,
            String maxDurationFrom, Long maxBytes, String maxBytesFrom) {

        public static final Window NONE = new Window(null, null, null, null, null, null, null);
    }

    /**
     * The run's byte count shared by the processes that copy it (the manager's workers): adds this
     * process's bytes since its last call and answers the run's total.
     */
    @FunctionalInterface
    public interface RunBytes {
        long addAndGet(long delta);
    }

    private final BandwidthTimetable bandwidth;
    private final String bandwidthFrom;
    private final Clock clock;
    private final Instant deadline;
    private final Duration maxDuration;
    private final String maxDurationFrom;
    private final long maxBytes;
    private final String maxBytesFrom;
    private final TokenBucket up = new TokenBucket(0);
    private final TokenBucket down = new TokenBucket(0);
    private final AtomicLong transferred = new AtomicLong();
    /** Null when this process copies the whole run; else the run's count across its workers. */
    private final RunBytes shared;
    /** Of {@link #transferred}, what {@link #shared} has been told; and the run's total it answered. */
    private final AtomicLong reported = new AtomicLong();
    private volatile long sharedTotal;
    private final AtomicLong nextCheck = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<String> stopped = new AtomicReference<>();
    private final List<String> rates = new ArrayList<>();
    private BandwidthTimetable.Rate inForce;
    private volatile int block = BLOCK;

    private TransferLimits(BandwidthTimetable bandwidth, String bandwidthFrom, Clock clock, Instant deadline,
            Duration maxDuration, String maxDurationFrom, Long maxBytes, String maxBytesFrom, RunBytes shared) {
        this.bandwidth = bandwidth == null || bandwidth.unlimited() ? null : bandwidth;
        this.bandwidthFrom = bandwidthFrom;
        this.clock = clock;
        this.maxDuration = maxDuration;
        this.maxDurationFrom = maxDurationFrom;
        this.deadline = deadline;
        this.maxBytes = maxBytes == null ? 0 : maxBytes;
        this.maxBytesFrom = maxBytesFrom;
        this.shared = shared;
        if (this.bandwidth != null) {
            refresh(System.nanoTime());
        }
    }

    /**
     * @param clock what the timetable reads (its zone is the timetable's local time)
     * @param start when the run started: {@code --max-duration} counts from it
     */
    public static TransferLimits of(JobDefinition job, SyncOptions options, Clock clock, Instant start) {
        TransferSettings t = job.transfer();
        BandwidthTimetable bw = options.bwlimit() != null ? options.bwlimit() : t.bandwidth();
        String bwFrom = options.bwlimit() != null ? "--bwlimit" : "transfer.bandwidth";
        Duration d = options.maxDuration() != null ? options.maxDuration() : t.maxDuration();
        String dFrom = options.maxDuration() != null ? "--max-duration" : "transfer.maxDuration";
        Long b = options.maxTransfer() != null ? options.maxTransfer() : t.maxTransfer();
        String bFrom = options.maxTransfer() != null ? "--max-transfer" : "transfer.maxTransfer";
        if (bw == null && d == null && b == null) {
            return NONE;
        }
        return new TransferLimits(bw, bwFrom, clock, d == null ? null : start.plus(d), d, dFrom, b, bFrom, null);
    }

    /**
     * A worker's limits for one partition: the manager's window, so the run keeps one deadline and
     * one byte budget however many processes copy it; {@code shared} counts the run's bytes.
     */
    public static TransferLimits of(Window w, Clock clock, RunBytes shared) {
        if (w.bandwidth() == null && w.deadline() == null && w.maxBytes() == null) {
            return NONE;
        }
        return new TransferLimits(w.bandwidth() == null ? null : BandwidthTimetable.parse(w.bandwidth()),
                w.bandwidthFrom(), clock, w.deadline(), w.maxDuration(), w.maxDurationFrom(), w.maxBytes(),
                w.maxBytesFrom(), w.maxBytes() == null ? null : shared);
    }

    /** This run's window, for the partitions a manager hands to its workers. */
    public Window window() {
        return new Window(bandwidth == null ? null : bandwidth.text(), bandwidth == null ? null : bandwidthFrom, deadline,
                deadline == null ? null : maxDuration, deadline == null ? null : maxDurationFrom,
                maxBytes == 0 ? null : maxBytes, maxBytes == 0 ? null : maxBytesFrom);
    }

    /**
     * A worker, at each chunk: tells the run's shared count what this process copied since the last
     * call and learns the run's total, so every worker stops at the one budget (overshooting it by
     * at most what the workers have in flight, as a single process overshoots by its parallel copies).
     */
    public void share() {
        if (shared == null) {
            return;
        }
        long now = transferred.get();
        try {
            long total = shared.addAndGet(now - reported.get());
            reported.set(now);
            sharedTotal = total;
        } catch (RuntimeException e) {
            // The state database blinked: this process counts on alone until the next chunk shares again.
        }
    }

    /** The run's bytes so far: this process's, plus the other workers' as last shared. */
    private long runBytes() {
        return shared == null ? transferred.get() : sharedTotal + transferred.get() - reported.get();
    }

    /**
     * Records that the run stopped at a limit seen by another process (a worker stopped its
     * partition at the run's deadline or byte budget): the manager's run then ends at the limit.
     */
    public void markStopped(String reason) {
        stopped.compareAndSet(null, reason);
    }

    /** The source's stream, throttled and counted; the stream itself when nothing needs it. */
    public InputStream meter(InputStream in) {
        return bandwidth == null && maxBytes == 0 ? in : new Metered(in);
    }

    /**
     * Why no new copy may start (the deadline passed, the byte budget is spent), or null. Once a
     * limit is reached it stays reached for the run.
     */
    public String stopReason() {
        String s = stopped.get();
        if (s != null) {
            return s;
        }
        if (deadline != null && !Instant.now().isBefore(deadline)) {
            stopped.compareAndSet(null, "stopped at " + maxDurationFrom + " " + shown(maxDuration)
                    + ": no copy started after " + deadline.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } else if (maxBytes > 0 && runBytes() >= maxBytes) {
            stopped.compareAndSet(null, "stopped at " + maxBytesFrom + " " + io.recsync.config.BandwidthTimetable
                    .perSecond(maxBytes).replace("/s", "") + ": " + runBytes() + " bytes copied by this run");
        }
        return stopped.get();
    }

    /**
     * Why this run stopped starting copies, if it did (a limit seen reached while copying), or null.
     * Unlike {@link #stopReason} it does not look at the clock again: a deadline that passes after
     * the last copy was handed out stopped nothing.
     */
    public String stoppedBy() {
        return stopped.get();
    }

    /** Bytes read from sources for copies this run. */
    public long transferred() {
        return transferred.get();
    }

    /**
     * For the run's output: the limit and each rate in force with when it took effect, e.g.
     * {@code --bwlimit "08:00,512k 19:00,10M": 512 KiB/s from 07:59:57, 10 MiB/s from 08:00:00}; null
     * when no bandwidth limit is set.
     */
    public synchronized String bandwidthLine() {
        if (bandwidth == null) {
            return null;
        }
        String text = bandwidth.text().contains(" ") ? "\"" + bandwidth.text() + "\"" : bandwidth.text();
        return bandwidthFrom + " " + text + ": " + String.join(", ", rates);
    }

    /** The rate in force now (up and down); OFF without a limit. */
    public synchronized BandwidthTimetable.Rate rateInForce() {
        return inForce == null ? BandwidthTimetable.Rate.OFF : inForce;
    }

    private void refresh(long now) {
        long next = nextCheck.get();
        if (now - next < 0 && next != Long.MIN_VALUE) {
            return;
        }
        if (!nextCheck.compareAndSet(next, now + RECHECK_NANOS)) {
            return; // another thread is re-reading the timetable
        }
        LocalDateTime local = LocalDateTime.now(clock);
        BandwidthTimetable.Rate rate = bandwidth.at(local);
        synchronized (this) {
            if (!rate.equals(inForce)) {
                inForce = rate;
                up.rate(rate.up());
                down.rate(rate.down());
                long slowest = Math.min(rate.up() == 0 ? Long.MAX_VALUE : rate.up(),
                        rate.down() == 0 ? Long.MAX_VALUE : rate.down());
                block = (int) Math.max(MIN_BLOCK, Math.min(BLOCK, slowest / 8));
                rates.add(rate.shown() + " from " + HMS.format(local));
            }
        }
    }

    /** Charges {@code bytes} just read to both directions and waits what the rates ask. */
    private void charge(long bytes) throws IOException {
        transferred.addAndGet(bytes);
        if (bandwidth == null) {
            return;
        }
        long now = System.nanoTime();
        refresh(now);
        long wait = Math.max(down.reserve(bytes, now), up.reserve(bytes, now));
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while keeping to the bandwidth limit");
            }
        }
    }

    /** A source's stream that charges what is read, a block at a time (the rest at its end). */
    private final class Metered extends FilterInputStream {
        private long uncharged;
        private boolean settled;

        Metered(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            // Under a bandwidth limit no read is larger than a block: a put that reads 1 MiB at a
            // time would otherwise get its bytes in bursts of 1 MiB, paid for in one long wait.
            int n = super.read(buf, off, bandwidth == null ? len : Math.min(len, block));
            counted(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            counted(s);
            return s;
        }

        private void counted(long n) throws IOException {
            if (n < 0) {
                settle();
                return;
            }
            uncharged += n;
            int b = block;
            while (uncharged >= b) {
                uncharged -= b;
                charge(b);
            }
        }

        private void settle() throws IOException {
            if (!settled && uncharged > 0) {
                settled = true;
                long rest = uncharged;
                uncharged = 0;
                charge(rest);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                settle();
            } catch (InterruptedIOException e) {
                // closing after an interrupt: the bytes were read, the wait does not matter any more
            } finally {
                super.close();
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    static String shown(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
