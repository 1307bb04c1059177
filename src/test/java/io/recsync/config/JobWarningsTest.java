package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobWarningsTest {

    @TempDir
    Path dir;

    Path job;
    Path profile;

    @BeforeEach
    void files() throws Exception {
        profile = dir.resolve("nas.yml");
        Files.writeString(dir.resolve("dr.yml"), "type: local\nroot: /srv/dr\n");
        job = dir.resolve("job.yml");
        Files.writeString(job, """
                sites:
                  nas:
                    connector: nas.yml
                  dr:
                    connector: dr.yml
                links: [{from: nas, to: dr}]
                """);
    }

    private JobLoader.LoadedJob load(String profileYaml, String mode) throws Exception {
        Files.writeString(profile, profileYaml);
        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString(mode));
        return JobLoader.loadWithWarnings(job, Map.of("NAS_PASSWORD", "pw-value-123"));
    }

    @Test
    void profileReferringToSecretsReadableByOthersIsWarnedAbout() throws Exception {
        JobLoader.LoadedJob loaded = load("type: smb\nhost: nas\npassword: ${NAS_PASSWORD}\n", "rw-r--r--");
        assertThat(loaded.warnings()).containsExactly(profile + ": refers to secrets (password) and is readable by other"
                + " users (rw-r--r--); run: chmod 600 " + profile.toAbsolutePath());
        assertThat(loaded.warnings().toString()).doesNotContain("pw-value-123");
    }

    @Test
    void privateProfileOrOneWithoutSecretsIsQuiet() throws Exception {
        assertThat(load("type: smb\nhost: nas\npassword: ${NAS_PASSWORD}\n", "rw-------").warnings()).isEmpty();
        assertThat(load("type: local\nroot: /srv/nas\n", "rw-r--r--").warnings()).isEmpty();
    }

    @Test
    void secretFileReadableByOthersIsWarnedAboutWithItsField() throws Exception {
        Path secret = dir.resolve("nas.pass");
        Files.writeString(secret, "pw\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        JobLoader.LoadedJob loaded = load("type: smb\nhost: nas\npasswordFile: nas.pass\n", "rw-------");
        assertThat(loaded.warnings()).containsExactly(profile + ":3: field 'passwordFile' names " + secret.toAbsolutePath()
                + ", which other users can read (rw-r-----); run: chmod 600 " + secret.toAbsolutePath());
    }

    @Test
    void siteInNoLinkIsWarnedAbout() throws Exception {
        Files.writeString(job, Files.readString(job).replace("links:", "  archive:\n    connector: dr.yml\nlinks:"));
        JobLoader.LoadedJob loaded = load("type: local\nroot: /srv/nas\n", "rw-------");
        assertThat(loaded.warnings()).containsExactly(job + ":6: field 'sites.archive' is in no link, so this job neither"
                + " reads nor writes it; add a link or remove the site");
    }

    @Test
    void secretsAreKeptOutOfTheLoadedTreeStrings() throws Exception {
        JobLoader.LoadedJob loaded = load("type: smb\nhost: nas\npassword: ${NAS_PASSWORD}\n", "rw-------");
        Settings nas = loaded.job().site("nas").connector();
        assertThat(nas.toString()).doesNotContain("pw-value-123");
        assertThat(loaded.job().toString()).doesNotContain("pw-value-123");
        assertThat(nas.optionalSecret("password").reveal()).isEqualTo("pw-value-123");
    }
}
