package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import io.recsync.store.StateDatabase;
import io.recsync.sync.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `recsync audit --sample`, `--older-than`, `--site` and a recording with no good copy anywhere, on
 * local sites with the state database of {@link #dbArgs} (H2 here, PostgreSQL in the subclass).
 */
class AuditSampleIT {

    @TempDir
    Path tmp;

    Path seed;
    Path copy;
    Path job;
    CliRun cli;

    List<String> dbArgs() {
        return List.of();
    }

    String dbUrl() {
        return null;
    }

    /** 20 recordings synced a -> b: 40 copies recorded. */
    void archive() throws Exception {
        seed = Files.createDirectories(tmp.resolve("a"));
        copy = Files.createDirectories(tmp.resolve("b"));
        new ArchiveGenerator(5, 0.1, 0.3).generate(seed, 20);
        job = tmp.resolve("s.yml");
        Files.writeString(job, new JobYaml("sample").site("a", "{ type: local, root: \"" + seed + "\" }")
                .site("b", "{ type: local, root: \"" + copy + "\" }").withLinks(Topologies.oneWay("a", "b")));
        cli = new CliRun(tmp.resolve("home"));
        CliRun.Result sync = run("sync", "--job", job.toString());
        assertThat(sync.exit()).as(sync.toString()).isZero();
    }

    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(dbArgs());
        return cli.run(all.toArray(String[]::new));
    }

    long distinctProven() {
        try (StateDatabase db = StateDatabase.open(tmp.resolve("home"), dbUrl(), null, null)) {
            return db.jdbc().queryForObject("SELECT COUNT(*) FROM audit_proof WHERE job_name = 'sample'", Long.class);
        }
    }

    @Test
    void twentyAuditsOfFivePercentCoverTheWholeArchiveLeastRecentlyProvenFirst() throws Exception {
        archive();
        for (int i = 1; i <= 20; i++) {
            CliRun.Result r = run("audit", "--job", job.toString(), "--sample", "5%");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as("run " + i).contains(": 2 copies checked");
            assertThat(distinctProven()).as("copies proven after run " + i).isEqualTo(2L * i);
        }
        // The 21st starts the second round with the copies proven longest ago.
        CliRun.Result next = run("audit", "--job", job.toString(), "--sample", "5%");
        assertThat(next.exit()).isZero();
        assertThat(distinctProven()).isEqualTo(40);
        CliRun.Result history = run("audit", "--job", job.toString(), "--history");
        assertThat(history.out().lines().filter(l -> l.contains("sample=5%"))).hasSize(21);
    }

    @Test
    void olderThanSkipsWhatWasProvenRecentlyAndSiteNarrowsTheAudit() throws Exception {
        archive();
        CliRun.Result b = run("audit", "--job", job.toString(), "--site", "b");
        assertThat(b.exit()).as(b.toString()).isZero();
        assertThat(b.out()).contains(": 20 copies checked");
        CliRun.Result older = run("audit", "--job", job.toString(), "--older-than", "30d");
        assertThat(older.exit()).as(older.toString()).isZero();
        assertThat(older.out()).as("only site a's copies were never proven").contains(": 20 copies checked");
        CliRun.Result none = run("audit", "--job", job.toString(), "--older-than", "30d");
        assertThat(none.out()).contains(": 0 copies checked");
        CliRun.Result bad = run("audit", "--job", job.toString(), "--site", "c");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.err()).contains("--site c").contains("its sites are a, b");
        CliRun.Result badSample = run("audit", "--job", job.toString(), "--sample", "0%");
        assertThat(badSample.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badSample.err()).contains("--sample 0%");
    }

    @Test
    void aRecordingDamagedAtEverySiteIsNamedAsHavingNoGoodCopyAndLeftUntouched() throws Exception {
        archive();
        Map<String, String> hashes = Trees.hashes(seed);
        String audio = hashes.keySet().stream().filter(p -> p.endsWith(".wav")).sorted().findFirst().orElseThrow();
        String id = audio.substring(audio.lastIndexOf('/') + 1, audio.lastIndexOf('.'));
        for (Path site : List.of(seed, copy)) {
            byte[] bytes = Files.readAllBytes(site.resolve(audio));
            bytes[bytes.length - 1] ^= 0x40;
            Files.write(site.resolve(audio), bytes);
        }
        byte[] damagedAtB = Files.readAllBytes(copy.resolve(audio));
        CliRun.Result r = run("audit", "--job", job.toString(), "--site", "b", "--repair");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.AUDIT_NO_GOOD_COPY.code());
        assertThat(r.err()).contains("NO GOOD COPY ANYWHERE: recording " + id + " audio " + audio + " is ALTERED at b")
                .contains("a: its bytes hash to");
        assertThat(Files.readAllBytes(copy.resolve(audio))).isEqualTo(damagedAtB);
        assertThat(copy.resolve(".recsync/quarantine")).doesNotExist();
        CliRun.Result both = run("audit", "--job", job.toString());
        assertThat(both.exit()).isEqualTo(ExitCode.AUDIT_NO_GOOD_COPY.code());
        assertThat(both.err()).contains("is ALTERED at a").contains("is ALTERED at b").contains("b is damaged too");
        assertThat(run("audit", "--job", job.toString(), "--findings").out()).contains("NO_GOOD_COPY");
        assertThat(run("history", "--job", job.toString()).out()).contains("last audit: ")
                .contains("exit 9: 40 copies checked, 2 finding(s), 0 repaired, 2 with no good copy");
    }

    @Test
    void aSidecarChangedAtASourceIsReportedButNotPutBackOverTheRecordersUpdate() throws Exception {
        archive();
        String sidecar = Trees.hashes(seed).keySet().stream().filter(p -> p.endsWith(".json")).sorted().findFirst()
                .orElseThrow();
        String updated = Files.readString(seed.resolve(sidecar)).replace("{", "{\"note\": \"updated by the recorder\", ");
        Files.writeString(seed.resolve(sidecar), updated);
        CliRun.Result r = run("audit", "--job", job.toString(), "--repair");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.AUDIT_FINDINGS.code());
        assertThat(r.out()).contains("ALTERED site=a").contains(sidecar).contains("LEFT_FOR_SYNC: a is a source of the job");
        assertThat(Files.readString(seed.resolve(sidecar))).isEqualTo(updated);
        assertThat(seed.resolve(".recsync/quarantine")).doesNotExist();
    }

    @Test
    void bwlimitSlowsTheAuditsReadsToTheRate() throws Exception {
        archive();
        CliRun.Result free = run("audit", "--job", job.toString(), "--site", "b");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([0-9.]+) KiB read\\)").matcher(free.out());
        assertThat(m.find()).as(free.toString()).isTrue();
        double kib = Double.parseDouble(m.group(1));
        long t0 = System.nanoTime();
        CliRun.Result limited = run("audit", "--job", job.toString(), "--site", "b", "--bwlimit", "16k");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(limited.exit()).as(limited.toString()).isZero();
        assertThat(seconds).as("%.1f KiB at 16 KiB/s", kib).isGreaterThan(kib / 16 * 0.7);
        CliRun.Result bad = run("audit", "--job", job.toString(), "--bwlimit", "fast");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.err()).contains("--bwlimit");
    }
}
