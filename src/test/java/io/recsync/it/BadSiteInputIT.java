package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Sha256;
import io.recsync.peers.SmbServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator gets wrong about a site, through the whole CLI: each ends with a message that
 * names the site and what to do, the exit code cron acts on, and nothing written to the target.
 */
class BadSiteInputIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aManifestClaimingOtherBytesThanTheSourceHoldsIsASourceMismatchConflictNotACopy() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 6);
        Path manifest = demo.siteA.resolve("manifest.jsonl");
        CliRun.Result built = cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-a", "--out",
                manifest.toString());
        assertThat(built.exit()).as(built.toString()).isZero();
        List<String> lines = Files.readAllLines(manifest);
        JsonNode corrupt = JSON.readTree(lines.get(0));
        String claimed = Sha256.of("what the recorder meant to write".getBytes(StandardCharsets.UTF_8));
        lines.set(0, lines.get(0).replace(corrupt.get("audio").get("sha256").asText(), claimed));
        Files.write(manifest, lines);
        Files.writeString(demo.job, Files.readString(demo.job).replaceAll("(?s)manifest:\\n\\s+source: scan\\n\\s+template: \"[^\"]+\"",
                "manifest: { source: file, path: manifest.jsonl }"));

        CliRun.Result run = cli.run("sync", "--job", demo.job.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        JsonNode conflicts = JSON.readTree(cli.run("conflicts", "list", "--job", "demo", "--format", "json").out());
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("kind").asText()).isEqualTo("SOURCE_MISMATCH");
        assertThat(conflicts.get(0).toString()).contains(corrupt.get("id").asText());
        String audio = corrupt.get("audio").get("path").asText();
        assertThat(demo.siteB.resolve(audio)).as("a source that does not match its manifest is not copied").doesNotExist();
        assertThat(Trees.hashes(demo.siteB)).hasSize(10);
    }

    @Test
    void aWrongPasswordOrAnUnknownHostKeyStopsTheRunWithExit2AndWritesNothing() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            CliRun cli = new CliRun(tmp.resolve("home"));
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 4);
            String target = sftp.newSite("b");
            demo.rewriteJob(target, null);
            cli.env("SFTP_PASSWORD", "not-the-password");
            CliRun.Result login = cli.run("sync", "--job", demo.job.toString());
            assertThat(login.exit()).as(login.toString()).isEqualTo(2);
            assertThat(login.toString()).contains("sftp://").contains("login as 'recsync'").contains("failed with the password").doesNotContain("not-the-password");
            assertThat(filesIn(tmp.resolve("mina"))).as("nothing written at the target").isZero();

            sftp.env().forEach(cli::env);
            String impostor = target.replaceAll("knownHostsFile: \"[^\"]+\"", "hostKeyFingerprint: \"SHA256:"
                    + "A".repeat(43) + "\"");
            demo.rewriteJob(impostor, null);
            Files.writeString(demo.job, Files.readString(demo.job).replace(target, impostor));
            CliRun.Result hostKey = cli.run("sync", "--job", demo.job.toString());
            assertThat(hostKey.exit()).as(hostKey.toString()).isEqualTo(2);
            assertThat(hostKey.toString()).contains("host key").contains("SHA256:");
            assertThat(filesIn(tmp.resolve("mina"))).isZero();
        }
    }

    @Test
    void anUnreachableHostIsExit1AndTheNextRunResumes() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("home"));
        DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 4);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        demo.rewriteJob("{ type: s3, bucket: archive, endpoint: \"http://127.0.0.1:" + closed + "\", accessKeyId:"
                + " \"${K}\", secretAccessKey: \"${S}\" }", null);
        cli.env("K", "id").env("S", "secret-value-9");
        CliRun.Result down = cli.run("sync", "--job", demo.job.toString());
        assertThat(down.exit()).as(down.toString()).isEqualTo(1);
        assertThat(down.toString()).contains("connection problem").doesNotContain("secret-value-9");
    }

    @Test
    void aTargetRootTheLoginMayNotWriteStopsTheRunWithExit2AndWritesNothing() throws Exception {
        try (SmbServer smb = SmbServer.start(tmp.resolve("smb"))) {
            Path root = Files.createDirectories(smb.shareDirectory(SmbServer.READ_ONLY_SHARE).resolve("dr"));
            CliRun cli = new CliRun(tmp.resolve("home"));
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 4);
            demo.rewriteJob("{ type: smb, host: " + smb.host() + ", port: " + smb.port() + ", share: "
                    + SmbServer.READ_ONLY_SHARE + ", root: dr, username: " + smb.username() + ", password: \"${P}\" }", null);
            cli.env("P", smb.password());
            CliRun.Result r = cli.run("sync", "--job", demo.job.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.toString()).contains("smb://").contains("readonly").containsIgnoringCase("denied");
            assertThat(filesIn(root)).isZero();
        }
    }

    @Test
    void aBucketThatDoesNotExistStopsTheRunWithExit2NamingIt() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            CliRun cli = new CliRun(tmp.resolve("home"));
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 4);
            String site = s3.newSite("archive");
            demo.rewriteJob(site.replaceFirst("bucket: [a-z0-9-]+", "bucket: no-such-bucket"), null);
            s3.env().forEach(cli::env);
            CliRun.Result r = cli.run("sync", "--job", demo.job.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.toString()).contains("s3://no-such-bucket").contains("the bucket does not exist");
        }
    }

    private static long filesIn(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/keys/")).count();
        }
    }
}
