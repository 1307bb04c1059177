package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of {@code mvn verify} (the name does not end in IT): a benchmark that prints numbers.
 * 500 recordings of 1 MiB, generated locally, synced by the whole job (scan of the source, plan,
 * verified copies with 4 parallel transfers) to a fresh site of each kind on 127.0.0.1, then a
 * no-change rerun. Run it with:
 *
 * <pre>mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SyncThroughputBench</pre>
 */
class SyncThroughputBench {

    static final int RECORDINGS = Integer.getInteger("bench.recordings", 500);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path seed;
    static long seedBytes;
    static final List<String> rows = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        seed = Files.createDirectories(tmp.resolve("seed"));
        // 8 kHz 16-bit mono: 65.5 s of audio is 1 MiB.
        seedBytes = new ArchiveGenerator(11, 65.5, 65.5).generate(seed, RECORDINGS).bytes();
    }

    @AfterAll
    static void print() {
        System.out.printf("%nBENCH %d recordings, %.1f MiB (audio + sidecars), %d cores, parallel 4%n", RECORDINGS,
                seedBytes / 1048576.0, Runtime.getRuntime().availableProcessors());
        System.out.printf("BENCH %-14s %10s %10s %10s %12s%n", "target", "first (s)", "MiB/s", "files/s", "rerun (s)");
        rows.forEach(System.out::println);
    }

    private void measure(SiteKind target) throws Exception {
        String dst = target.newSite("bench");
        CliRun cli = new CliRun(tmp.resolve("home-" + target.name()));
        target.env().forEach(cli::env);
        Path job = tmp.resolve(target.name() + ".yml");
        Files.writeString(job, CrossKindSyncIT.job("bench-" + target.name(), "{ type: local, root: \"" + seed + "\" }", dst));
        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        JsonNode r1 = JSON.readTree(first.lastLine());
        assertThat(r1.get("copied").asLong()).isEqualTo(RECORDINGS);
        CliRun.Result second = cli.run("sync", "--job", job.toString(), "--json");
        JsonNode r2 = JSON.readTree(second.lastLine());
        assertThat(r2.get("copied").asLong()).isZero();
        double s1 = r1.get("durationMs").asLong() / 1000.0;
        double s2 = r2.get("durationMs").asLong() / 1000.0;
        rows.add(String.format("BENCH %-14s %10.1f %10.1f %10.1f %12.2f", target.name(), s1,
                r1.get("bytesCopied").asLong() / 1048576.0 / s1, RECORDINGS * 2 / s1, s2));
    }

    @Test
    void local() throws Exception {
        measure(SiteKind.local(tmp.resolve("local")));
    }

    @Test
    void sftpOpenSsh() throws Exception {
        try (SiteKind k = SftpSiteKinds.openSsh(tmp.resolve("sshd"))) {
            measure(k);
        }
    }

    @Test
    void s3() throws Exception {
        try (SiteKind k = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            measure(k);
        }
    }

    @Test
    void smb() throws Exception {
        try (SiteKind k = SmbSiteKinds.samba(tmp.resolve("smb"))) {
            measure(k);
        }
    }
}
