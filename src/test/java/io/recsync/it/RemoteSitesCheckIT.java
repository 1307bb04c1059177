package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `recsync sites check` against remote kinds: each site probed for real, one bad login fails the run by name. */
class RemoteSitesCheckIT {

    @TempDir
    Path tmp;

    @Test
    void probesEveryRemoteSiteAndNamesTheOneWhoseLoginFails() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3")); SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            String archive = s3.newSite("archive");
            String wrongKey = archive.replace("${S3_SECRET_ACCESS_KEY}", "${WRONG_SECRET}");
            String dr = sftp.newSite("dr");
            Path job = tmp.resolve("check.yml");
            Files.writeString(job, "name: check\nsites:\n  archive:\n    connector: " + archive + "\n  dr:\n    connector: "
                    + dr + "\n  stale-key:\n    connector: " + wrongKey + "\nlinks:\n  - from: dr\n    to: archive\n");
            CliRun cli = new CliRun(tmp.resolve("home"));
            s3.env().forEach(cli::env);
            sftp.env().forEach(cli::env);
            cli.env("WRONG_SECRET", "not-the-secret-4711");

            CliRun.Result r = cli.run("sites", "check", "--job", job.toString());
            // A key the server refuses is configuration to fix: exit 2, as `sync` ends on it.
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).containsPattern("archive .*s3://archive-1/recordings.* OK")
                    .containsPattern("dr .*sftp://.* OK")
                    .containsPattern("stale-key .*FAILED")
                    .contains("access denied");
            assertThat(r.out() + r.err()).doesNotContain("not-the-secret-4711")
                    .doesNotContain(s3.env().get("S3_SECRET_ACCESS_KEY"))
                    .doesNotContain(sftp.env().get("SFTP_PASSWORD"));
        }
    }
}
