package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.demo.ArchiveGenerator;
import io.recsync.sync.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit over a link that drops: a read that fails now and then is retried as a sync's copies
 * are (the audit ends clean); a link that stays down stops the audit (exit 1, what it checked kept)
 * and the next `recsync audit` resumes it once the link is back.
 */
class AuditLinkFaultsIT {

    @TempDir
    Path tmp;

    @Test
    void flakyReadsAreRetriedAndALinkThatStaysDownStopsTheAuditForTheNextToResume() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        new ArchiveGenerator(9, 0.1, 0.3).generate(a, 20);
        Path job = tmp.resolve("f.yml");
        String fault = "audit-" + System.nanoTime();
        Files.writeString(job, new JobYaml("faults").site("a", "{ type: local, root: \"" + a + "\" }")
                .site("b", "{ type: faulty, fault: " + fault + ", delegate: { type: local, root: \"" + b + "\" } }")
                .withLinks(Topologies.oneWay("a", "b")).replace("chunkSize: 50", "chunkSize: 5\n  attempts: 3\n"
                        + "  initialBackoff: 10ms\n  maxBackoff: 20ms"));
        LocalConnectorFactory local = new LocalConnectorFactory();
        CliRun cli = new CliRun(tmp.resolve("home")).kind(local).kind(new FaultyConnectorFactory(local));
        CliRun.Result sync = cli.run("sync", "--job", job.toString());
        assertThat(sync.exit()).as(sync.toString()).isZero();

        FaultyConnectorFactory.fault(fault).openFailures.set(2);
        CliRun.Result flaky = cli.run("audit", "--job", job.toString(), "--site", "b");
        assertThat(flaky.exit()).as(flaky.toString()).isZero();
        assertThat(flaky.out()).contains(": 20 copies checked");

        FaultyConnectorFactory.fault(fault).openFailures.set(1_000_000);
        CliRun.Result down = cli.run("audit", "--job", job.toString(), "--site", "b");
        assertThat(down.exit()).as(down.toString()).isEqualTo(ExitCode.FAILED.code());
        assertThat(down.err()).contains("the audit stopped").contains("connection reset by peer (injected) reading")
                .contains("resumes it");

        FaultyConnectorFactory.fault(fault).openFailures.set(0);
        CliRun.Result resumed = cli.run("audit", "--job", job.toString(), "--site", "b");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Resumed audit").contains("(20 of its 20 copies are now checked)");
    }
}
