package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.peers.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 Object Lock as it really is on s3proxy 4.1.0 (README "Evidence"), the only S3 server here:
 * s3proxy implements no Object Lock. Run as tests run it (ignoreUnknownHeaders, which the SDK's
 * multipart uploads need) it accepts recsync's object-lock headers and drops them, so a copy lands
 * unlocked; strict, it refuses them with 501. Either way `sites check` proves the lock is not
 * enforced and says so, exit 2, rather than pretend.
 */
class S3ObjectLockIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path job(S3ProxyServer server, String bucket, RecorderSite hq) throws Exception {
        Path job = tmp.resolve("job.yml");
        Files.writeString(job, """
                name: locked
                sites:
                  hq: { connector: %s, mode: ro }
                  vault:
                    connector: { type: s3, bucket: %s, prefix: recordings, endpoint: "http://127.0.0.1:%d",
                      accessKeyId: "${K}", secretAccessKey: "${S}",
                      objectLock: { mode: COMPLIANCE, retain: 7y, legalHold: true } }
                links:
                  - { from: hq, to: vault }
                """.formatted(hq.connector(), bucket, server.port()));
        return job;
    }

    @Test
    void s3proxyDropsTheObjectLockHeadersAndSitesCheckSaysTheLockIsNotEnforced() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(tmp.resolve("lenient"))) {
            String bucket = server.createBucket("vault");
            RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
            UUID id = hq.record(UUID.randomUUID(), "acme", "support", "x");
            CliRun cli = new CliRun(tmp.resolve("home")).env("K", S3ProxyServer.ACCESS_KEY).env("S", server.secretKey());
            Path job = job(server, bucket, hq);

            CliRun.Result check = cli.run("sites", "check", "--job", job.toString());
            assertThat(check.exit()).as(check.toString()).isEqualTo(2);
            assertThat(check.out()).containsPattern("vault .*FAILED")
                    .contains("object lock not enforced by this server: a probe written with COMPLIANCE 7y from"
                            + " recordedAt, legal hold came back with no retention and no legal hold")
                    .contains("recordings written here are NOT locked");

            // A sync still copies (verified as any copy); the objects carry no lock, as HEAD shows.
            CliRun.Result sync = cli.run("sync", "--job", job.toString(), "--json");
            assertThat(sync.exit()).as(sync.toString()).isZero();
            assertThat(JSON.readTree(sync.lastLine()).get("copied").asLong()).isEqualTo(1);
            S3Object audio = server.admin().listObjectsV2(b -> b.bucket(bucket).prefix("recordings/acme")).contents()
                    .stream().filter(o -> o.key().endsWith(id + ".wav")).findFirst().orElseThrow();
            HeadObjectResponse head = server.admin().headObject(b -> b.bucket(bucket).key(audio.key()));
            assertThat(head.objectLockMode()).isNull();
            assertThat(head.objectLockRetainUntilDate()).isNull();
            assertThat(head.objectLockLegalHoldStatus()).isNull();
            assertThat(server.admin().listObjectsV2(b -> b.bucket(bucket).prefix("recordings/.recsync/object-lock"))
                    .contents()).as("the probe is gone").isEmpty();
        }
    }

    @Test
    void aStrictS3proxyRefusesTheHeadersSoRecsyncReallySendsThem() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(tmp.resolve("strict"), false)) {
            String bucket = server.createBucket("vault");
            RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
            hq.record(UUID.randomUUID(), "acme", "support", "x");
            CliRun cli = new CliRun(tmp.resolve("home")).env("K", S3ProxyServer.ACCESS_KEY).env("S", server.secretKey());
            Path job = job(server, bucket, hq);

            CliRun.Result check = cli.run("sites", "check", "--job", job.toString());
            assertThat(check.exit()).as(check.toString()).isEqualTo(2);
            assertThat(check.out()).contains("object lock not enforced by this server: it refused a write with the"
                    + " object-lock headers");

            JsonNode run = JSON.readTree(cli.run("sync", "--job", job.toString(), "--json").lastLine());
            assertThat(run.get("copied").asLong()).as("no recording is written unlocked: " + run).isZero();
            assertThat(run.get("exitCode").asInt()).isNotZero();

            // Without objectLock in the profile the same strict server takes the copy: it was the lock headers.
            Files.writeString(job, Files.readString(job).replace(",\n      objectLock: { mode: COMPLIANCE, retain: 7y,"
                    + " legalHold: true }", ""));
            CliRun.Result plain = cli.run("sync", "--job", job.toString(), "--json");
            assertThat(plain.exit()).as(plain.toString()).isZero();
            assertThat(JSON.readTree(plain.lastLine()).get("copied").asLong()).isEqualTo(1);
        }
    }
}
