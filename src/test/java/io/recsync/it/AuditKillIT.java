package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import io.recsync.store.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit killed mid-way (a child JVM halted abruptly, as kill -9, while it reads a copy) is resumed
 * by the next `recsync audit`: the same audit, its committed chunks not checked again, every copy
 * checked once it ends.
 */
class AuditKillIT {

    @TempDir
    Path tmp;

    @Test
    void aKilledAuditIsResumedByTheNextAndCommittedChunksAreNotCheckedAgain() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("site-a"));
        Path b = Files.createDirectories(tmp.resolve("site-b"));
        new ArchiveGenerator(3, 0.1, 0.3).generate(a, 30);
        String plainB = "{ type: local, root: \"" + b + "\" }";
        Path job = tmp.resolve("k.yml");
        Files.writeString(job, yaml(plainB));
        Path home = tmp.resolve("home");
        CliRun cli = new CliRun(home);
        CliRun.Result sync = cli.run("sync", "--job", job.toString());
        assertThat(sync.exit()).as(sync.toString()).isZero();

        // The 13th read at b halts the JVM: copies are planned a, b alternately, in chunks of 5.
        Path killer = tmp.resolve("killer.yml");
        Files.writeString(killer, yaml("{ type: killer, haltOn: open, haltAt: 13, delegate: " + plainB + " }"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), KillChildMain.class.getName(),
                "audit", "--job", killer.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("RECSYNC_HOME", home.toString());
        Process child = pb.start();
        int exit = child.waitFor();
        String log = Files.readString(tmp.resolve("child.log"));
        assertThat(log).as(log).contains("KILLER: halting the JVM");
        assertThat(exit).as(log).isNotZero();

        Map<String, OffsetDateTime> before;
        long doneBefore;
        try (StateDatabase db = StateDatabase.open(home, null, null, null)) {
            doneBefore = db.jdbc().queryForObject("SELECT COUNT(*) FROM audit_item WHERE status = 'DONE'", Long.class);
            before = proofTimes(db);
        }
        assertThat(doneBefore).as("copies checked in committed chunks before the kill").isBetween(5L, 55L);
        assertThat(doneBefore % 5).as("whole chunks only").isZero();
        assertThat(before).hasSize((int) doneBefore);

        CliRun.Result resumed = cli.run("audit", "--job", job.toString());
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("had died mid-way; recovered it");
        assertThat(resumed.out()).contains("Resumed audit 1 (60 of its 60 copies are now checked)");
        try (StateDatabase db = StateDatabase.open(home, null, null, null)) {
            assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM audit_run", Long.class)).isEqualTo(1);
            assertThat(db.jdbc().queryForObject("SELECT status FROM audit_run", String.class)).isEqualTo("ENDED");
            Map<String, OffsetDateTime> after = proofTimes(db);
            assertThat(after).hasSize(60);
            before.forEach((copy, at) -> assertThat(after.get(copy)).as("proof of " + copy + " kept").isEqualTo(at));
        }
    }

    private static Map<String, OffsetDateTime> proofTimes(StateDatabase db) {
        Map<String, OffsetDateTime> out = new java.util.HashMap<>();
        db.jdbc().query("SELECT site_name, recording_id, proven_at FROM audit_proof", rs -> {
            out.put(rs.getString(1) + "/" + rs.getObject(2), rs.getObject(3, OffsetDateTime.class));
        });
        return out;
    }

    private String yaml(String b) {
        return new JobYaml("killaudit").site("a", "{ type: local, root: \"" + tmp.resolve("site-a") + "\" }").site("b", b)
                .withLinks(Topologies.oneWay("a", "b")).replace("chunkSize: 50", "chunkSize: 5");
    }
}
