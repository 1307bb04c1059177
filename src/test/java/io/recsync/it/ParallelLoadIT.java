package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import io.recsync.peers.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 parallel transfers of many tiny recordings to each remote kind through a counting proxy,
 * with the connector's pool smaller than 16: every recording arrives and verifies by SHA-256, and
 * the server never sees more connections at once than the pool allows (transfers wait for a
 * connection; they do not open extra ones).
 *
 * <p>Size: {@code -Drecsync.parallelLoad.recordings=N} (default {@value #DEFAULT_RECORDINGS}; see
 * the README's "Faults survived" for why not 10,000 in the normal suite).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ParallelLoadIT {

    static final int DEFAULT_RECORDINGS = 1_000;
    static final int RECORDINGS = Integer.getInteger("recsync.parallelLoad.recordings", DEFAULT_RECORDINGS);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path seed;
    static Map<String, String> expected;

    @TempDir
    Path tmp;

    /** One archive for all kinds: 0.06..0.12 s of audio is 1-2 KiB per file, plus a ~350-byte sidecar. */
    @BeforeAll
    static void archive() {
        long t0 = System.nanoTime();
        seed = shared.resolve("seed");
        new ArchiveGenerator(21, 0.06, 0.12).generate(seed, RECORDINGS);
        expected = Trees.hashes(seed);
        assertThat(expected).hasSize(2 * RECORDINGS);
        System.out.printf("ParallelLoadIT: %d recordings generated and hashed in %d ms%n", RECORDINGS,
                CliRun.since(t0).toMillis());
    }

    @Test
    void sftpWithFourSessions() throws Exception {
        try (SiteKind.OnServer sftp = (SiteKind.OnServer) SftpSiteKinds.openSsh(tmp.resolve("sshd"))) {
            loads(sftp, "maxSessions", 4);
        }
    }

    @Test
    void smbWithFourConnections() throws Exception {
        try (SiteKind.OnServer smb = (SiteKind.OnServer) SmbSiteKinds.samba(tmp.resolve("smbd"))) {
            loads(smb, "maxConnections", 4);
        }
    }

    @Test
    void s3WithEightConnections() throws Exception {
        try (SiteKind.OnServer s3 = (SiteKind.OnServer) S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            loads(s3, "maxConnections", 8);
        }
    }

    private void loads(SiteKind.OnServer kind, String poolField, int pool) throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", kind.serverPort())) {
            String target = kind.route(proxy.port(), poolField + ": " + pool).newSite("target");
            Path job = tmp.resolve("load.yml");
            Files.writeString(job, "name: load\nsites:\n  a:\n    connector: { type: local, root: \"" + seed
                    + "\" }\n    manifest:\n      source: scan\n      template: \"" + ArchiveGenerator.TEMPLATE
                    + "\"\n  b:\n    connector: " + target + "\nlinks:\n  - from: a\n    to: b\n"
                    + "transfer:\n  chunkSize: 200\n  parallel: 16\n");
            CliRun cli = new CliRun(tmp.resolve("home"));
            kind.env().forEach(cli::env);

            long t0 = System.nanoTime();
            CliRun.Result run = cli.run("sync", "--job", job.toString(), "--json");
            long syncMs = CliRun.since(t0).toMillis();
            int peak = proxy.peakConnections();
            System.out.printf("ParallelLoadIT %s: %d recordings, parallel 16, %s %d: sync %d ms, peak %d connections "
                    + "(%d opened), %d bytes to the server%n", kind.name(), RECORDINGS, poolField, pool, syncMs, peak,
                    proxy.acceptedConnections(), proxy.bytesToServer());
            assertThat(run.exit()).as(run.toString()).isZero();
            JsonNode result = JSON.readTree(run.lastLine());
            assertThat(result.get("copied").asLong()).isEqualTo(RECORDINGS);
            assertThat(peak).as("connections open at once at the server, pool " + pool).isBetween(1, pool);

            long t1 = System.nanoTime();
            assertThat(kind.storedHashes("target")).as("every file on the server's disk, by SHA-256")
                    .hasSize(2 * RECORDINGS).isEqualTo(expected);
            assertThat(kind.tempObjects()).isZero();
            assertThat(kind.openUploads()).isEmpty();
            System.out.printf("ParallelLoadIT %s: verified %d files on the server's disk in %d ms%n", kind.name(),
                    2 * RECORDINGS, CliRun.since(t1).toMillis());
        }
    }
}
