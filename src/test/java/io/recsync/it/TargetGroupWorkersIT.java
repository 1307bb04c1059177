package io.recsync.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * TargetGroupIT with the transfer step handed to two worker JVMs (README "Scaling out" and "Target
 * groups" together): the manager probes the group's members and places each recording when it
 * plans, the workers copy to the member placed, so a member found down is never copied to by a
 * worker, its share lands on the fallback, and the run after it returns fills it.
 */
class TargetGroupWorkersIT extends TargetGroupPostgresIT {

    private final List<Process> workers = new ArrayList<>();

    @Override
    String moreJob() {
        return "workers:\n  enabled: true\n  partitionSize: 300\n  heartbeatLimit: 5s\n";
    }

    @Override
    void jobWritten(Path job) throws IOException {
        for (String name : List.of("w1", "w2")) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), io.recsync.cli.RecsyncMain.class.getName(),
                    "worker", "--job", job.toString(), "--name", name, "--poll-interval", "200ms"));
            cmd.addAll(dbArgs());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(name + ".log").toFile());
            pb.environment().put("RECSYNC_HOME", tmp.resolve("home").toString());
            workers.add(pb.start());
        }
    }

    /** What the workers copied, by the `worker` column the report reads: the copies were theirs. */
    @Override
    void afterRun(CliRun.Result r) {
        if (r.out().contains(" copied") && !r.out().contains(" 0 copied")) {
            org.assertj.core.api.Assertions.assertThat(r.out()).as(r.toString()).containsPattern("worker w[12]: \\d+ item");
        }
    }

    /**
     * Placement by weight is the manager's (at plan time, the same SQL as TargetGroupPostgresIT's);
     * 2,000 recordings through two workers would add half a minute and prove nothing more.
     */
    @Override
    @org.junit.jupiter.api.Disabled("the weighted split is made by the manager when it plans: TargetGroupPostgresIT proves it")
    void weightsSplitTwoThousandRecordingsSixtyFortyAndARerunMovesNothing() {
    }

    /** Release runs in the manager's publish step, the same code with or without workers: TargetGroupIT proves it. */
    @Override
    @org.junit.jupiter.api.Disabled("release is the manager's publish step: TargetGroupIT and TargetGroupPostgresIT prove it")
    void releaseTrueDeletesColdsFallbackCopiesOnceDr1IsFilledAndProvenAndNothingComesBack() {
    }

    @Override
    @org.junit.jupiter.api.Disabled("release is the manager's publish step: TargetGroupIT and TargetGroupPostgresIT prove it")
    void aDr1CopyThatFailsTheReadBackProofKeepsItsFallbackCopyOnCold() {
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (Process p : workers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
