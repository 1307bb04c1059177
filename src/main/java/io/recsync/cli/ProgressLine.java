package io.recsync.cli;

import io.recsync.report.Units;
import io.recsync.sync.ItemCopier;
import io.recsync.sync.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on a terminal (files, bytes, rate, ETA), redrawn at most a few times a second.
 * Off when nobody watches (cron, systemd, pipes): then only the summary line is printed.
 */
final class ProgressLine implements ProgressListener, AutoCloseable {

    private final PrintStream err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long plannedItems;
    private volatile long plannedBytes;
    private volatile long lastDraw;
    private volatile boolean drawn;

    ProgressLine(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void planned(long items, long bytes) {
        this.plannedItems = items;
        this.plannedBytes = bytes;
    }

    @Override
    public void itemFinished(ItemCopier.Outcome outcome) {
        long f = files.incrementAndGet();
        long b = bytes.addAndGet(outcome.result().bytesCopied());
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && f < plannedItems) {
            return;
        }
        lastDraw = now;
        double secs = Math.max(0.001, (now - start) / 1e9);
        double rate = b / secs;
        String eta = plannedBytes > b && rate > 0
                ? Units.duration(Duration.ofMillis((long) ((plannedBytes - b) / rate * 1000))) : "-";
        synchronized (this) {
            err.print("\r" + f + "/" + plannedItems + " files, " + Units.bytes(b) + ", " + Units.rate(rate) + ", ETA " + eta
                    + "    ");
            err.flush();
            drawn = true;
        }
    }

    void finish() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    @Override
    public void close() {
        finish();
    }
}
