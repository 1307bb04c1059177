package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer windows on real bytes: {@code --bwlimit} measured at the target while four copies run
 * in parallel, a timetable switching at 08:00 during a run (the run's clock starts a few seconds
 * before), and the soft cutoffs {@code --max-duration} / {@code --max-transfer}: exit 7, the
 * history says STOPPED, nothing half-written at the target, the next run resumes and completes.
 */
class TransferWindowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    /** site-a with {@code recordings} of 30-40 s of 8 kHz 16-bit audio (about 0.5-0.6 MiB each); the job copies to site-b. */
    private Path job(int recordings) throws IOException {
        return job(recordings, "{ type: local, root: ./site-b }");
    }

    private Path job(int recordings, String siteB) throws IOException {
        Path dir = tmp.resolve("w");
        new ArchiveGenerator(7, 30.0, 40.0).generate(dir.resolve("site-a"), recordings);
        Files.createDirectories(dir.resolve("site-b"));
        Path job = dir.resolve("job.yml");
        Files.writeString(job, """
                name: window
                sites:
                  site-a:
                    connector: { type: local, root: ./site-a }
                    manifest: { source: scan, template: "%s" }
                    mode: ro
                  site-b:
                    connector: %s
                links:
                  - from: site-a
                    to: site-b
                transfer:
                  chunkSize: 50
                  parallel: 4
                """.formatted(ArchiveGenerator.TEMPLATE, siteB));
        return job;
    }

    private Path siteA() {
        return tmp.resolve("w/site-a");
    }

    private Path siteB() {
        return tmp.resolve("w/site-b");
    }

    /** Bytes at the target (temps included: they grow as the put writes) sampled every 20 ms. */
    static final class Sampler implements AutoCloseable {
        record Sample(long nanos, long bytes) {}

        final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean done;

        Sampler(Path root) {
            this(root, () -> {});
        }

        /** {@code firstBytes} runs once, when the first bytes are seen at the target. */
        Sampler(Path root, Runnable firstBytes) {
            thread = new Thread(() -> {
                boolean seen = false;
                while (!done) {
                    long size = size(root);
                    if (!seen && size > 0) {
                        seen = true;
                        firstBytes.run();
                    }
                    samples.add(new Sample(System.nanoTime(), size));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        /** Bytes per second between the first samples at or past {@code fromBytes} and {@code toBytes}. */
        double rate(long fromBytes, long toBytes) {
            Sample a = first(fromBytes);
            Sample b = first(toBytes);
            return (b.bytes - a.bytes) / ((b.nanos - a.nanos) / 1e9);
        }

        /** Bytes per second between two moments (System.nanoTime). */
        double rateBetween(long fromNanos, long toNanos) {
            Sample a = at(fromNanos);
            Sample b = at(toNanos);
            return (b.bytes - a.bytes) / ((b.nanos - a.nanos) / 1e9);
        }

        private Sample first(long bytes) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.bytes >= bytes).findFirst().orElseThrow();
            }
        }

        private Sample at(long nanos) {
            synchronized (samples) {
                return samples.stream().filter(s -> s.nanos >= nanos).findFirst().orElseThrow();
            }
        }

        @Override
        public void close() throws InterruptedException {
            done = true;
            thread.join();
        }

        private static long size(Path root) {
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(p -> !p.toString().contains("/.recsync/")).mapToLong(p -> {
                    try {
                        return Files.isRegularFile(p) ? Files.size(p) : 0;
                    } catch (IOException e) {
                        return 0; // a temp renamed or removed between the listing and the stat
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }
    }

    private static long total(Path root) {
        return Trees.hashes(root).keySet().stream().mapToLong(p -> root.resolve(p).toFile().length()).sum();
    }

    @Test
    void bwlimitHoldsAcrossFourParallelCopies() throws Exception {
        Path job = job(20);
        long total = total(siteA());
        assertThat(total).isBetween((long) (9 * MIB), (long) (13 * MIB));
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result r;
        try (Sampler s = new Sampler(siteB())) {
            r = cli.run("sync", "--job", job.toString(), "--bwlimit", "2M");
            s.close();
            assertThat(r.exit()).as(r.toString()).isZero();
            // Past the first block of each of the four copies (they start together) to near the end.
            double rate = s.rate((long) (0.1 * total), (long) (0.9 * total));
            System.out.printf("--bwlimit 2M, 4 parallel copies, %.1f MiB: achieved %.3f MiB/s%n", total / MIB, rate / MIB);
            assertThat(rate / MIB).as("achieved MiB/s").isBetween(2 * 0.85, 2 * 1.15);
        }
        assertThat(r.out()).contains("Bandwidth limit --bwlimit 2M: 2 MiB/s from ");
        assertThat(Trees.hashes(siteB())).isEqualTo(Trees.hashes(siteA()));
    }

    @Test
    void bwlimitHoldsOnAnSftpTargetToo() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            Path job = job(20, sftp.newSite("site-b"));
            Path served = ((SiteKind.OnServer) sftp).directory("site-b");
            long total = total(siteA());
            CliRun cli = new CliRun(tmp.resolve("home"));
            sftp.env().forEach(cli::env);
            CliRun.Result r;
            try (Sampler s = new Sampler(served)) {
                r = cli.run("sync", "--job", job.toString(), "--bwlimit", "2M:off");
                s.close();
                assertThat(r.exit()).as(r.toString()).isZero();
                double rate = s.rate((long) (0.1 * total), (long) (0.9 * total));
                System.out.printf("--bwlimit 2M:off, local -> SFTP (MINA), 4 parallel copies: achieved %.3f MiB/s%n",
                        rate / MIB);
                assertThat(rate / MIB).as("achieved MiB/s").isBetween(2 * 0.85, 2 * 1.15);
            }
            assertThat(r.out()).contains("Bandwidth limit --bwlimit 2M:off: 2 MiB/s up, off down from ");
            assertThat(Trees.hashes(served)).isEqualTo(Trees.hashes(siteA()));
        }
    }

    /**
     * The run's clock for the timetable: it reads 07:59:57 (UTC, its zone) until the first bytes
     * arrive at the target, then runs on from there, so the switch to the 08:00 entry comes three
     * seconds into the copying however long the scan and plan took on a loaded machine.
     */
    static final class CopyAnchoredClock extends Clock {
        final Instant localStart = LocalDate.now(ZoneOffset.UTC).atTime(LocalTime.of(7, 59, 57)).toInstant(ZoneOffset.UTC);
        volatile Instant anchor;
        volatile long anchorNanos;

        void anchorNow() {
            if (anchor == null) {
                anchorNanos = System.nanoTime();
                anchor = Instant.now();
            }
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant a = anchor;
            return a == null ? localStart : localStart.plus(Duration.between(a, Instant.now()));
        }
    }

    @Test
    void aTimetableSwitchesItsRateDuringTheRun() throws Exception {
        Path job = job(20);
        long total = total(siteA());
        CopyAnchoredClock clock = new CopyAnchoredClock();
        CliRun cli = new CliRun(tmp.resolve("home")).time(d -> Thread.sleep(Math.min(d.toMillis(), 5)), clock);
        CliRun.Result r;
        try (Sampler s = new Sampler(siteB(), clock::anchorNow)) {
            r = cli.run("sync", "--job", job.toString(), "--bwlimit", "07:00,1M 08:00,4M 20:00,off");
            s.close();
            assertThat(r.exit()).as(r.toString()).isZero();
            long copyStart = s.first(1).nanos;
            long switchNanos = clock.anchorNanos + 3_000_000_000L;
            double before = s.rateBetween(copyStart + 300_000_000L, switchNanos - 100_000_000L);
            long end = s.first(total).nanos;
            assertThat(end).as("the run copies past the switch").isGreaterThan(switchNanos + 1_000_000_000L);
            double after = s.rateBetween(switchNanos + 400_000_000L, end - 100_000_000L);
            System.out.printf("timetable 07:00,1M 08:00,4M: %.3f MiB/s before 08:00, %.3f MiB/s after%n", before / MIB,
                    after / MIB);
            assertThat(before / MIB).as("MiB/s before 08:00").isBetween(0.85, 1.15);
            assertThat(after / MIB).as("MiB/s after 08:00").isBetween(4 * 0.85, 4 * 1.15);
        }
        assertThat(r.out()).containsPattern("Bandwidth limit --bwlimit \"07:00,1M 08:00,4M 20:00,off\": 1 MiB/s from 07:59:5\\d,"
                + " 4 MiB/s from 08:00:0\\d");
        assertThat(Trees.hashes(siteB())).isEqualTo(Trees.hashes(siteA()));
    }

    @Test
    void maxDurationStopsStartingCopiesAtTheDeadlineAndTheNextRunResumes() throws Exception {
        Path job = job(20);
        CliRun cli = new CliRun(tmp.resolve("home"));
        long t0 = System.nanoTime();
        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--bwlimit", "1M", "--max-duration", "6s", "--json");
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(first.exit()).as(first.toString()).isEqualTo(7);
        // The deadline plus at most the four copies in flight (about 0.6 MiB each at 1 MiB/s shared).
        assertThat(took).as("seconds until the run ended").isLessThan(6 + 4.5);
        assertStoppedAndLeftBehind(cli, first, "stopped at --max-duration 6s");

        CliRun.Result second = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertResumedToTheEnd(cli, first, second);
    }

    @Test
    void maxTransferStopsStartingCopiesOnceTheBytesAreSpentAndTheNextRunResumes() throws Exception {
        Path job = job(20);
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--max-transfer", "3M", "--json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(7);
        assertStoppedAndLeftBehind(cli, first, "stopped at --max-transfer 3 MiB");
        long bytes = JSON.readTree(first.lastLine()).get("bytesCopied").asLong();
        // At least the budget, and no more than the copies that were in flight when it ran out.
        assertThat(bytes).isGreaterThanOrEqualTo(3L << 20).isLessThan((3L << 20) + 4 * (700L << 10));

        CliRun.Result second = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertResumedToTheEnd(cli, first, second);
    }

    @Test
    void aBadLimitIsExit2NamingTheOptionAndTheTokenBeforeAnythingRuns() throws Exception {
        Path job = job(2);
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result r = cli.run("sync", "--job", job.toString(), "--bwlimit", "08:00,512k 19:00,10Q");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--bwlimit has the rate '10Q'").contains("10M (MiB/s)");
        r = cli.run("resync", "--job", job.toString(), "--max-duration", "6 hours");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--max-duration is '6 hours'");
        r = cli.run("sync", "--job", job.toString(), "--max-transfer", "500");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--max-transfer is '500'").contains("500G");
        r = cli.run("sync", "--job", job.toString(), "--continuous", "--max-duration", "6h");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as("a service runs until stopped; the bandwidth shapes it")
                .contains("--max-duration cuts one run short").contains("transfer.bandwidth");
        assertThat(Trees.hashes(siteB())).isEmpty();
        r = cli.run("sync", "--help");
        assertThat(r.out()).contains("--bwlimit=RATE|TIMETABLE").contains("--max-duration=DURATION")
                .contains("--max-transfer=SIZE").containsPattern("7 +stopped at --max-duration or --max-transfer; the rest is left");
    }

    private void assertStoppedAndLeftBehind(CliRun cli, CliRun.Result first, String why) throws Exception {
        assertThat(first.out()).contains(" STOPPED in ").contains("left for the next run").contains("[exit 7]")
                .contains(why);
        JsonNode run = JSON.readTree(first.lastLine());
        assertThat(run.get("status").asText()).isEqualTo("STOPPED");
        assertThat(run.get("left").asLong()).isPositive();
        JsonNode history = JSON.readTree(cli.run("history", "--job", "window", "--format", "json").out());
        assertThat(history.get(0).get("status").asText()).isEqualTo("STOPPED");
        assertThat(history.get(0).get("exit").asInt()).isEqualTo(7);
        // What is at the target is whole and verified: every file there is the source's, no temp left.
        Map<String, String> there = Trees.hashes(siteB());
        Map<String, String> source = Trees.hashes(siteA());
        assertThat(there).isNotEmpty().hasSizeLessThan(source.size());
        there.forEach((path, sha) -> assertThat(source).containsEntry(path, sha));
        assertThat(Trees.tempFiles(siteB())).isZero();
    }

    private void assertResumedToTheEnd(CliRun cli, CliRun.Result first, CliRun.Result second) throws Exception {
        assertThat(second.out()).contains("Resumed plan");
        assertThat(Trees.hashes(siteB())).isEqualTo(Trees.hashes(siteA()));
        JsonNode a = JSON.readTree(first.lastLine());
        JsonNode b = JSON.readTree(second.lastLine());
        // Nothing verified by the stopped run is copied again.
        assertThat(a.get("copied").asLong() + b.get("copied").asLong()).isEqualTo(20);
        assertThat(b.get("skipped").asLong()).isZero();
    }
}
