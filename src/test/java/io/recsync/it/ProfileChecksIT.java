package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defect 5: one validation path. `jobs show` (whose help promises every check a run
 * makes), `sites check` and `sync` give the same exit code and the same message for the same
 * profile, and `sites check` ends a login or host-key failure with the exit a run gives it.
 */
class ProfileChecksIT {

    @TempDir
    Path tmp;

    /** The three commands on one job: each one's exit code and its "recsync: ..." line. */
    private static List<CliRun.Result> allThree(CliRun cli, Path job) {
        return List.of(cli.run("jobs", "show", "--job", job.toString()), cli.run("sites", "check", "--job", job.toString()),
                cli.run("sync", "--job", job.toString()));
    }

    private static String refusal(CliRun.Result r) {
        return r.err().lines().filter(l -> l.startsWith("recsync: ")).findFirst().orElse("(none)\n" + r);
    }

    private static void sameRefusal(List<CliRun.Result> results, String... mentions) {
        String first = refusal(results.get(0));
        for (CliRun.Result r : results) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(refusal(r)).isEqualTo(first);
        }
        assertThat(first).contains(mentions);
    }

    @Test
    void aMisspeltProfileFieldIsRefusedAlikeEverywhereWithDidYouMean() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            CliRun cli = new CliRun(tmp.resolve("home"));
            sftp.env().forEach(cli::env);
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
            String site = sftp.newSite("b").replaceAll("knownHostsFile: \"[^\"]+\"", "hostkeyFingerprint: \"SHA256:"
                    + "A".repeat(43) + "\"");
            demo.rewriteJob(site, null);
            sameRefusal(allThree(cli, demo.job), "hostkeyFingerprint", "did you mean 'hostKeyFingerprint'?");
            assertThat(Trees.hashes(((SiteKind.OnServer) sftp).directory("b"))).as("nothing written").isEmpty();
        }
    }

    @Test
    void aLiteralSecretKeyIsRefusedAlikeEverywhereAndALiteralAccessKeyIdIsAcceptedEverywhere() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            CliRun cli = new CliRun(tmp.resolve("home"));
            s3.env().forEach(cli::env);
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
            String site = s3.newSite("b");
            String secret = s3.env().get("S3_SECRET_ACCESS_KEY");

            demo.rewriteJob(site.replace("${S3_SECRET_ACCESS_KEY}", secret), null);
            List<CliRun.Result> literalSecret = allThree(cli, demo.job);
            sameRefusal(literalSecret, "secretAccessKey", "is a secret written into the file");
            literalSecret.forEach(r -> assertThat(r.toString()).doesNotContain(secret));

            // The key id only names the key, as a user name does: written out, every command accepts it.
            Files.writeString(demo.job, Files.readString(demo.job).replace(secret, "${S3_SECRET_ACCESS_KEY}")
                    .replace("${S3_ACCESS_KEY_ID}", s3.env().get("S3_ACCESS_KEY_ID")));
            for (CliRun.Result r : allThree(cli, demo.job)) {
                assertThat(r.exit()).as(r.toString()).isZero();
            }
            assertThat(Trees.hashes(((SiteKind.OnServer) s3).directory("b"))).as("the sync copied to the bucket").isNotEmpty();
        }
    }

    @Test
    void sitesCheckEndsAWrongPasswordOrHostKeyWithExit2AsSyncDoes() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            CliRun cli = new CliRun(tmp.resolve("home"));
            DemoSites demo = DemoSites.create(cli, tmp.resolve("demo"), 3);
            String target = sftp.newSite("b");
            demo.rewriteJob(target, null);
            cli.env("SFTP_PASSWORD", "not-the-password");
            CliRun.Result check = cli.run("sites", "check", "--job", demo.job.toString());
            CliRun.Result sync = cli.run("sync", "--job", demo.job.toString());
            assertThat(sync.exit()).as(sync.toString()).isEqualTo(2);
            assertThat(check.exit()).as(check.toString()).isEqualTo(2);
            assertThat(check.out()).containsPattern("site-b .*FAILED").contains("login as 'recsync'");
            assertThat(check.toString()).doesNotContain("not-the-password");

            sftp.env().forEach(cli::env);
            String impostor = target.replaceAll("knownHostsFile: \"[^\"]+\"", "hostKeyFingerprint: \"SHA256:"
                    + "A".repeat(43) + "\"");
            Files.writeString(demo.job, Files.readString(demo.job).replace(target, impostor));
            check = cli.run("sites", "check", "--job", demo.job.toString());
            sync = cli.run("sync", "--job", demo.job.toString());
            assertThat(sync.exit()).as(sync.toString()).isEqualTo(2);
            assertThat(check.exit()).as(check.toString()).isEqualTo(2);
            assertThat(check.out()).contains("host key");
        }
    }
}
