package io.recsync.cli;

import io.recsync.report.Units;
import io.recsync.sync.ItemCopier;
import io.recsync.sync.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A progress line on a terminal, redrawn at most five times a second: while scanning, the site and
 * the recordings found so far; while copying, recordings done of those planned (a recording is its
 * audio and its sidecar: one planned item), bytes, rate and ETA. Rate and ETA come from the last
 * {@link #WINDOW} only, so neither the scan before the copy nor a slow start skews them. Off when
 * nobody watches (cron, systemd, pipes): then only the summary line is printed.
 */
final class ProgressLine implements ProgressListener, AutoCloseable {

    /** How far back the rate (and so the ETA) looks. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    /** Less than this much history gives no ETA: a guess from a second's copying misleads. */
    static final Duration MIN_SPAN = Duration.ofSeconds(1);
    private static final long REDRAW_NANOS = 200_000_000L;

    private record Sample(long nanos, long bytes, long items) {}

    private final PrintStream err;
    private final boolean enabled;
    private final LongSupplier clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long items;
    private long bytes;
    private long plannedItems;
    private long plannedBytes;
    private long lastDraw;
    private boolean anyDraw;
    /** Length of the line on screen, so a shorter one can blank what is left of it. */
    private int shown;

    ProgressLine(PrintStream err, boolean enabled) {
        this(err, enabled, System::nanoTime);
    }

    ProgressLine(PrintStream err, boolean enabled, LongSupplier clock) {
        this.err = err;
        this.enabled = enabled;
        this.clock = clock;
    }

    @Override
    public synchronized void scanned(String site, long recordings) {
        long now = clock.getAsLong();
        if (enabled && due(now)) {
            draw("scanning " + site + ": " + recordings + (recordings == 1 ? " recording" : " recordings") + " found");
        }
    }

    @Override
    public synchronized void planned(long items, long bytes) {
        this.plannedItems = items;
        this.plannedBytes = bytes;
        samples.clear();
        samples.add(new Sample(clock.getAsLong(), this.bytes, this.items));
    }

    @Override
    public synchronized void itemFinished(ItemCopier.Outcome outcome) {
        record(outcome.result().bytesCopied());
    }

    /** One finished item of {@code copied} bytes. */
    synchronized void record(long copied) {
        items++;
        bytes += copied;
        long now = clock.getAsLong();
        samples.addLast(new Sample(now, bytes, items));
        // Keep one sample at or before the window's start, so the window spans all of WINDOW.
        while (samples.size() > 2 && now - secondOldest().nanos() >= WINDOW.toNanos()) {
            samples.removeFirst();
        }
        if (enabled && (due(now) || items >= plannedItems)) {
            draw(copyLine(now));
        }
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    private boolean due(long now) {
        if (anyDraw && now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        anyDraw = true;
        return true;
    }

    /** The copy line as it would be drawn at {@code now}. */
    synchronized String copyLine(long now) {
        Sample first = base(now);
        long span = now - first.nanos();
        double secs = span / 1e9;
        double rate = secs > 0 ? (bytes - first.bytes()) / secs : 0;
        double itemRate = secs > 0 ? (items - first.items()) / secs : 0;
        String eta = "-";
        if (span >= MIN_SPAN.toNanos()) {
            double left = plannedBytes > bytes && rate > 0 ? (plannedBytes - bytes) / rate
                    : plannedItems > items && itemRate > 0 ? (plannedItems - items) / itemRate : -1;
            if (left >= 0) {
                eta = Units.duration(Duration.ofMillis((long) (left * 1000)));
            }
        }
        return "copying: " + items + "/" + plannedItems + " recordings, " + Units.bytes(bytes)
                + (plannedBytes > 0 ? " of " + Units.bytes(plannedBytes) : "") + ", " + Units.rate(rate) + ", ETA " + eta;
    }

    /**
     * Where the rate is measured from: the oldest sample inside the window (other than the latest);
     * else, when nothing else finished inside it (one long file), the last one before it.
     */
    private Sample base(long now) {
        if (samples.isEmpty()) {
            return new Sample(now, bytes, items);
        }
        Sample last = samples.peekLast();
        for (Sample s : samples) {
            if (s != last && now - s.nanos() <= WINDOW.toNanos()) {
                return s;
            }
        }
        return samples.peekFirst();
    }

    private void draw(String line) {
        // Blank what is left of a longer line drawn before, then come back to the line's end.
        int pad = Math.max(0, shown - line.length());
        err.print("\r" + line + " ".repeat(pad) + "\b".repeat(pad));
        err.flush();
        shown = line.length();
    }

    synchronized void finish() {
        if (shown > 0) {
            err.println();
            shown = 0;
        }
    }

    @Override
    public void close() {
        finish();
    }
}
