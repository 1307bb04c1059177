package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest segment is put like a recording: a transient failure of its put (a dropped link, an
 * SFTP channel that died under it) is retried with the job's backoff instead of failing a run whose
 * copies all succeeded. Before, one such failure ended the run with exit 1 ("cannot write
 * .recsync/manifest/...: connection problem"), as MultiSiteConvergenceIT once saw on OpenSSH.
 */
class SegmentPublishRetryIT {

    private static final int RECORDINGS = 30;

    @TempDir
    Path tmp;

    @Test
    void aSegmentPutThatFailsOnceIsRetried() throws Exception {
        FaultyConnectorFactory.Fault fault = FaultyConnectorFactory.fault("segment-before");
        fault.segmentFailures.set(1);
        DemoSites demo = syncOnce("segment-before");
        assertThat(fault.segmentAttempts.get()).as("the failed put and its retry").isEqualTo(2);
        assertOneSegmentListingAll(demo);
    }

    @Test
    void aSegmentPublishedBeforeItsAnswerWasLostIsNotWrittenTwice() throws Exception {
        FaultyConnectorFactory.Fault fault = FaultyConnectorFactory.fault("segment-after");
        fault.segmentFailsAfterPublishing = true;
        fault.segmentFailures.set(1);
        DemoSites demo = syncOnce("segment-after");
        assertThat(fault.segmentAttempts.get()).as("the put whose answer was lost, and the retry finding it").isEqualTo(2);
        assertOneSegmentListingAll(demo);
    }

    private DemoSites syncOnce(String faultName) {
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), RECORDINGS);
        demo.rewriteJob("{ type: faulty, fault: " + faultName + ", delegate: { type: local, root: ./site-b } }",
                "  attempts: 3\n  initialBackoff: 1ms\n  maxBackoff: 2ms\n");
        CliRun.Result run = cli.run("sync", "--job", demo.job.toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(Trees.hashes(demo.siteB)).isEqualTo(Trees.hashes(demo.siteA));
        return demo;
    }

    private static void assertOneSegmentListingAll(DemoSites demo) throws Exception {
        List<Path> segments;
        try (Stream<Path> s = Files.list(demo.siteB.resolve(".recsync/manifest"))) {
            segments = s.toList();
        }
        assertThat(segments).as("segments at site-b").hasSize(1);
        assertThat(segments.get(0).getFileName().toString()).endsWith(".jsonl.gz").doesNotStartWith(".");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(segments.get(0))), StandardCharsets.UTF_8))) {
            assertThat(r.lines().filter(l -> !l.isBlank()).count()).as("recordings listed").isEqualTo(RECORDINGS);
        }
    }
}
