package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.recsync.config.YamlLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example profile is what operators copy: every field in it must be one the kind knows. */
class DrSftpExampleTest {

    @TempDir
    Path dir;

    /** The example with its key and known_hosts paths pointed at files that exist here. */
    private String example(String extra) throws Exception {
        Path key = dir.resolve("dr_ecdsa");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256).writePrivateKey(out, "pp".getBytes(StandardCharsets.UTF_8));
        Files.write(key, out.toByteArray());
        Files.writeString(dir.resolve("known_hosts"), "");
        return Files.readString(Path.of("connectors/dr-sftp.yml"))
                .replace("/etc/recsync/keys/dr_ed25519", key.toString())
                .replace("/etc/recsync/known_hosts", dir.resolve("known_hosts").toString())
                .replace("# passphrase: ${RECSYNC_DR_KEY_PASSPHRASE}", "passphrase: ${RECSYNC_DR_KEY_PASSPHRASE}")
                + extra;
    }

    @Test
    void theExampleLoadsWithItsDocumentedDefaults() throws Exception {
        var doc = new YamlLoader(Map.of("RECSYNC_DR_KEY_PASSPHRASE", "pp")).parse("connectors/dr-sftp.yml", example(""), dir);
        SftpSettings s = SftpSettings.from(doc.root());
        assertThat(s.describe()).isEqualTo("sftp://recsync@dr-sftp.example.net:22/srv/recordings");
        assertThat(s.strictHostKeyChecking()).isTrue();
        assertThat(s.connectTimeout()).isEqualTo(SftpSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(s.readTimeout()).isEqualTo(SftpSettings.DEFAULT_READ_TIMEOUT);
        assertThat(s.keepAlive()).isEqualTo(SftpSettings.DEFAULT_KEEP_ALIVE);
        assertThat(s.maxSessions()).isEqualTo(SftpSettings.DEFAULT_MAX_SESSIONS);
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theCommentedAlternativesAreKnownFieldsToo() throws Exception {
        String text = example("hostKeyFingerprint: \"SHA256:Jm0wFdbLxm1VXtXk7KdvJdS2kbYy3pF3Gi0oZCUqGjQ\"\n")
                .replace("privateKeyFile:", "# privateKeyFile:")
                .replace("passphrase: ${RECSYNC_DR_KEY_PASSPHRASE}", "")
                .replace("# password: ${RECSYNC_DR_SFTP_PASSWORD}", "password: ${RECSYNC_DR_SFTP_PASSWORD}")
                .replace("root: /srv/recordings", "")
                .replace("# userDirIsRoot: true", "userDirIsRoot: true")
                .replace("# root: recordings", "root: recordings");
        var doc = new YamlLoader(Map.of("RECSYNC_DR_SFTP_PASSWORD", "pw")).parse("connectors/dr-sftp.yml", text, dir);
        SftpSettings s = SftpSettings.from(doc.root());
        assertThat(s.password().reveal()).isEqualTo("pw");
        assertThat(s.describe()).isEqualTo("sftp://recsync@dr-sftp.example.net:22/~/recordings");
        assertThat(s.hostKeyFingerprints()).containsExactly("SHA256:Jm0wFdbLxm1VXtXk7KdvJdS2kbYy3pF3Gi0oZCUqGjQ");
    }
}
