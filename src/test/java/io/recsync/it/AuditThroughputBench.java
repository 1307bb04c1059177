package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of {@code mvn verify}: how fast `recsync audit` proves a local archive. 2,000 recordings
 * (about 240 KB of audio each, plus sidecars) synced local -> local, then audited in full (4,000
 * copies, every byte read and hashed), a 5% sample and a full audit with repair of nothing.
 *
 * <pre>mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AuditThroughputBench</pre>
 */
class AuditThroughputBench {

    static final int RECORDINGS = Integer.getInteger("bench.recordings", 2000);

    @TempDir
    Path tmp;

    @Test
    void auditOfALocalArchive() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        long bytes = new ArchiveGenerator(11, 10, 20).generate(a, RECORDINGS).bytes();
        Path job = tmp.resolve("bench.yml");
        Files.writeString(job, new JobYaml("bench").site("a", "{ type: local, root: \"" + a + "\" }")
                .site("b", "{ type: local, root: \"" + b + "\" }").withLinks(Topologies.oneWay("a", "b")));
        CliRun cli = new CliRun(tmp.resolve("home"));
        assertThat(cli.run("sync", "--job", job.toString()).exit()).isZero();
        for (String[] args : new String[][] {{"--read-back", "100%"}, {"--sample", "5%"}, {"--repair"}}) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            String[] all = new String[3 + args.length];
            all[0] = "audit";
            all[1] = "--job";
            all[2] = job.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            CliRun.Result r = cli.run(all);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            assertThat(r.exit()).as(r.toString()).isZero();
            System.out.printf(java.util.Locale.ROOT, "AUDIT BENCH %d recordings (%.0f MB per site), audit %s: wall %.1f s,"
                    + " CPU %.1f s; %s%n", RECORDINGS, bytes / 1e6, String.join(" ", args), wall, cpu,
                    r.lastLine());
        }
    }
}
