package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.local.LocalConnectorFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --retry-until}: one invocation rides out a link that is down for a while, waiting on
 * a virtual clock (the test's sleeper advances it; nothing sleeps for real).
 */
class RetryUntilIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSFER = "  chunkSize: 20\n  parallel: 4\n  attempts: 2\n  initialBackoff: 4s\n"
            + "  maxBackoff: 30s\n  abortAfterConsecutiveFailures: 3\n";

    @TempDir
    Path tmp;

    /** A clock that moves only when the code under test waits. */
    static final class VirtualTime extends Clock {
        Instant now = Instant.parse("2026-11-30T02:00:00Z");
        final List<Duration> waits = new ArrayList<>();
        Runnable onWait = () -> {};

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        synchronized void sleep(Duration d) {
            waits.add(d);
            now = now.plus(d);
            onWait.run();
        }
    }

    private record Setup(CliRun cli, DemoSites demo, FaultyConnectorFactory.Fault link, VirtualTime time) {}

    private Setup setup(String fault) throws Exception {
        LocalConnectorFactory local = new LocalConnectorFactory();
        VirtualTime time = new VirtualTime();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local))
                .time(time::sleep, time);
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 60);
        demo.rewriteJob("{ type: faulty, fault: " + fault + ", delegate: { type: local, root: ./site-b } }", TRANSFER);
        FaultyConnectorFactory.Fault link = FaultyConnectorFactory.fault(fault).downFrom(50);
        return new Setup(cli, demo, link, time);
    }

    @Test
    void oneInvocationRidesOutALinkThatComesBackAndTheHistoryShowsEveryRun() throws Exception {
        Setup s = setup("retry-until-back");
        Instant start = s.time.instant();
        s.time.onWait = () -> {
            if (Duration.between(start, s.time.instant()).compareTo(Duration.ofMinutes(2)) >= 0) {
                s.link.restore(); // the link is back after about two minutes
            }
        };
        CliRun.Result r = s.cli.run("sync", "--job", s.demo.job.toString(), "--retry-until", "10m", "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Trees.hashes(s.demo.siteB)).isEqualTo(Trees.hashes(s.demo.siteA));
        assertThat(Trees.tempFiles(s.demo.siteB)).isZero();
        assertThat(r.err()).containsPattern("link down: retrying in \\d+(ms|s|m\\d*s?) \\(until 2026-11-30T02:10:00Z\\)");
        long retries = r.err().lines().filter(l -> l.startsWith("link down: retrying in")).count();

        JsonNode rows = JSON.readTree(s.cli.run("history", "--job", "demo", "--format", "json").out());
        assertThat(rows.size()).as("one run per retry, plus the first").isEqualTo((int) retries + 1);
        assertThat(rows.size()).isGreaterThanOrEqualTo(2);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("COMPLETED");
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).get("status").asText()).isEqualTo("FAILED");
            assertThat(rows.get(i).get("exit").asInt()).isEqualTo(1);
        }
        // 60 recordings = 120 puts, each once across all the runs: each retry resumed the last.
        assertThat(s.link.puts.get()).isEqualTo(120);
    }

    @Test
    void withoutTheOptionTheRunStopsWithExit1() throws Exception {
        Setup s = setup("retry-until-none");
        CliRun.Result r = s.cli.run("sync", "--job", s.demo.job.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("link down: retrying");
        assertThat(JSON.readTree(s.cli.run("history", "--job", "demo", "--format", "json").out())).hasSize(1);
    }

    @Test
    void aLinkThatStaysDownEndsAtTheDeadlineWithExit1() throws Exception {
        Setup s = setup("retry-until-down");
        Instant deadline = s.time.instant().plus(Duration.ofMinutes(1));
        CliRun.Result r = s.cli.run("sync", "--job", s.demo.job.toString(), "--retry-until", "1m");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("link down: retrying in").contains("link down: not retrying, --retry-until 1m passed");
        long retries = r.err().lines().filter(l -> l.startsWith("link down: retrying in")).count();
        assertThat(JSON.readTree(s.cli.run("history", "--job", "demo", "--format", "json").out()))
                .hasSize((int) retries + 1);
        // The waits between runs are cut at the deadline (item retries inside a run may pass it).
        assertThat(s.time.waits).isNotEmpty();
        assertThat(s.time.instant()).isAfterOrEqualTo(deadline);
    }

    @Test
    void aBadDurationIsAUsageError() throws Exception {
        Setup s = setup("retry-until-bad");
        CliRun.Result r = s.cli.run("sync", "--job", s.demo.job.toString(), "--retry-until", "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--retry-until");
    }

    @Test
    void resyncRefusesItBecauseOnlySyncResumes() throws Exception {
        Setup s = setup("retry-until-resync");
        CliRun.Result r = s.cli.run("resync", "--job", s.demo.job.toString(), "--retry-until", "10m");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--retry-until is for `recsync sync`");
    }

    @Test
    void helpExplainsTheOption() throws Exception {
        CliRun.Result r = new CliRun(tmp.resolve("home")).run("sync", "--help");
        assertThat(r.out()).contains("--retry-until=DURATION").contains("link stayed down");
    }
}
