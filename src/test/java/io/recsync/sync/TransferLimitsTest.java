package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.BandwidthTimetable;
import io.recsync.config.JobDefinition;
import io.recsync.config.TransferSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's transfer window on real streams: which limit is in force, throttling, the byte budget, the deadline. */
class TransferLimitsTest {

    private static JobDefinition job(String bandwidth, Duration maxDuration, Long maxTransfer) {
        TransferSettings d = TransferSettings.DEFAULTS;
        return new JobDefinition("j", null, Map.of(), List.of(), "log", new TransferSettings(d.chunkSize(), d.parallel(),
                d.attempts(), d.initialBackoff(), d.maxBackoff(), d.abortAfterConsecutiveFailures(),
                bandwidth == null ? null : BandwidthTimetable.parse(bandwidth), maxDuration, maxTransfer));
    }

    private static long drain(InputStream in) throws Exception {
        try (in) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Test
    void theCommandLineWinsOverTheJob() throws Exception {
        SyncOptions opts = SyncOptions.defaults().withLimits(BandwidthTimetable.parse("2M"), null, null);
        TransferLimits l = TransferLimits.of(job("512k", null, null), opts, Clock.systemUTC(), Instant.now());
        drain(l.meter(new ByteArrayInputStream(new byte[1])));
        assertThat(l.bandwidthLine()).startsWith("--bwlimit 2M: 2 MiB/s from ");
        TransferLimits fromJob = TransferLimits.of(job("512k", null, null), SyncOptions.defaults(), Clock.systemUTC(),
                Instant.now());
        assertThat(fromJob.bandwidthLine()).startsWith("transfer.bandwidth 512k: 512 KiB/s from ");
        assertThat(TransferLimits.of(job(null, null, null), SyncOptions.defaults(), Clock.systemUTC(), Instant.now()))
                .isSameAs(TransferLimits.NONE);
    }

    @Test
    void aStreamIsHeldToTheRate() throws Exception {
        TransferLimits l = TransferLimits.of(job("1M", null, null), SyncOptions.defaults(), Clock.systemUTC(), Instant.now());
        long t0 = System.nanoTime();
        assertThat(drain(l.meter(new ByteArrayInputStream(new byte[1024 * 1024])))).isEqualTo(1024 * 1024);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // 1 MiB at 1 MiB/s, less the first block, which is paid for by the ones after it.
        assertThat(seconds).isBetween(0.85, 1.3);
        assertThat(l.transferred()).isEqualTo(1024 * 1024);
    }

    @Test
    void theByteBudgetAndTheDeadlineStopNewCopies() throws Exception {
        TransferLimits bytes = TransferLimits.of(job(null, null, 100_000L), SyncOptions.defaults(), Clock.systemUTC(),
                Instant.now());
        assertThat(bytes.stopReason()).isNull();
        drain(bytes.meter(new ByteArrayInputStream(new byte[60_000])));
        assertThat(bytes.stopReason()).isNull();
        drain(bytes.meter(new ByteArrayInputStream(new byte[60_000])));
        assertThat(bytes.stopReason()).startsWith("stopped at transfer.maxTransfer").contains("120000 bytes");
        assertThat(bytes.stoppedBy()).isEqualTo(bytes.stopReason());

        TransferLimits late = TransferLimits.of(job(null, Duration.ofHours(6), null),
                SyncOptions.defaults().withLimits(null, Duration.ofSeconds(1), null), Clock.systemUTC(),
                Instant.now().minusSeconds(2));
        assertThat(late.stoppedBy()).as("not looked at yet").isNull();
        assertThat(late.stopReason()).startsWith("stopped at --max-duration 1s: no copy started after ");
        TransferLimits early = TransferLimits.of(job(null, Duration.ofHours(6), null), SyncOptions.defaults(),
                Clock.systemUTC(), Instant.now());
        assertThat(early.stopReason()).isNull();
    }

    /** Workers: the manager's window travels whole, and two processes share one byte budget. */
    @Test
    void workersKeepToTheManagersWindowAndShareOneByteBudget() throws Exception {
        Instant started = Instant.now().minusSeconds(5);
        TransferLimits manager = TransferLimits.of(job("512k", Duration.ofHours(6), 100_000L),
                SyncOptions.defaults().withLimits(BandwidthTimetable.parse("2M"), null, null), Clock.systemUTC(), started);
        TransferLimits.Window w = manager.window();
        assertThat(w.deadline()).isEqualTo(started.plus(Duration.ofHours(6)));
        assertThat(w.bandwidth()).isEqualTo("2M");
        assertThat(w.bandwidthFrom()).isEqualTo("--bwlimit");
        assertThat(w.maxBytes()).isEqualTo(100_000L);

        java.util.concurrent.atomic.AtomicLong run = new java.util.concurrent.atomic.AtomicLong();
        TransferLimits a = TransferLimits.of(w, Clock.systemUTC(), run::addAndGet);
        TransferLimits b = TransferLimits.of(w, Clock.systemUTC(), run::addAndGet);
        drain(a.meter(new ByteArrayInputStream(new byte[70_000])));
        a.share();
        b.share();
        assertThat(b.stopReason()).as("b has seen a's 70,000 bytes, not yet the budget").isNull();
        drain(b.meter(new ByteArrayInputStream(new byte[40_000])));
        assertThat(b.stopReason()).startsWith("stopped at transfer.maxTransfer").contains("110000 bytes copied by this run");
        assertThat(a.stopReason()).as("a learns of it at its next share").isNull();
        b.share();
        a.share();
        assertThat(a.stopReason()).contains("110000 bytes");
        assertThat(run.get()).isEqualTo(110_000L);

        TransferLimits passed = TransferLimits.of(new TransferLimits.Window(null, null, Instant.now().minusSeconds(1),
                Duration.ofSeconds(4), "--max-duration", null, null), Clock.systemUTC(), run::addAndGet);
        assertThat(passed.stopReason()).startsWith("stopped at --max-duration 4s");
        assertThat(TransferLimits.of(TransferLimits.Window.NONE, Clock.systemUTC(), run::addAndGet))
                .isSameAs(TransferLimits.NONE);
    }
}
