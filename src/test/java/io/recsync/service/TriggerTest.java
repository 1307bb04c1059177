package io.recsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-file debounce: a file quiet for the quiet time is due even while another is still being written. */
class TriggerTest {

    private static long farAhead() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    }

    @Test
    void aChangeIsDueOnceItsFileWasQuietAndNotBefore() throws Exception {
        Trigger t = new Trigger(200, 5000);
        long start = System.nanoTime();
        t.fire("a.wav", "hq: a.wav");
        Thread.sleep(100);
        t.fire("a.wav", "hq: a.wav"); // still being written
        assertThat(t.await(farAhead())).isEqualTo("hq: a.wav");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 2000L);
    }

    @Test
    void aQuietFileIsDueWhileAnotherIsStillBeingWritten() throws Exception {
        Trigger t = new Trigger(200, 5000);
        t.fire("a.json", "hq: a.json");
        long start = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                t.fire("b.wav", "hq: b.wav");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        assertThat(t.await(farAhead())).isEqualTo("hq: a.json");
        assertThat((System.nanoTime() - start) / 1_000_000).as("not held back by b.wav").isLessThan(1000);
        // b.wav, written for 1.5 s, is due once it went quiet.
        assertThat(t.await(farAhead())).isEqualTo("files still being written");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1500);
        writer.get(5, TimeUnit.SECONDS);
    }

    /** An audio file closed and its sidecar written a few ms later: one cycle, not two. */
    @Test
    void changesDueWithinTheGraceOfOneAnotherAreOneCycle() throws Exception {
        Trigger t = new Trigger(200, 5000);
        t.fire("a.wav", "hq: a.wav");
        Thread.sleep(100);
        t.fire("a.json", "hq: a.json");
        assertThat(t.await(farAhead())).isEqualTo("hq: a.wav");
        assertThat(t.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600))).as("nothing left waiting").isNull();
    }

    @Test
    void aFileWrittenWithoutPauseIsDueAfterTheMaximumDelay() throws Exception {
        Trigger t = new Trigger(200, 600);
        long start = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                t.fire("b.wav", "hq: b.wav");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        assertThat(t.await(farAhead())).isEqualTo("hq: b.wav");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(550L, 1200L);
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void nothingWaitingReturnsAtTheDeadlineAndStopWakesAWait() throws Exception {
        Trigger t = new Trigger(200, 600);
        assertThat(t.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100))).isNull();
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return t.await(farAhead());
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        Thread.sleep(100);
        t.stop();
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isNull();
        assertThat(t.stopped()).isTrue();
    }
}
