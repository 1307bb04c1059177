package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.recsync.config.ConfigException;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.connector.Capability;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile parsing: defaults, located errors, secrets by reference only. No server needed. */
class SftpSettingsTest {

    private static final String PIN = "SHA256:" + "A".repeat(43);

    @TempDir
    Path dir;
    Path knownHosts;

    @BeforeEach
    void files() throws Exception {
        knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
    }

    private Map<String, Object> minimal() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "sftp");
        m.put("host", "dr.example");
        m.put("username", "recsync");
        m.put("password", new Secret("s3cret-pw"));
        m.put("root", "/srv/recordings/");
        m.put("hostKeyFingerprint", PIN);
        return m;
    }

    private static SftpSettings parse(Map<String, Object> m) {
        return SftpSettings.from(Settings.of("connectors/dr-sftp.yml", m));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SftpSettings s = parse(minimal());
        assertThat(s.port()).isEqualTo(22);
        assertThat(s.root()).isEqualTo("/srv/recordings");
        assertThat(s.strictHostKeyChecking()).isTrue();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxSessions()).isEqualTo(4);
        assertThat(s.hostKeyFingerprints()).containsExactly(PIN);
        assertThat(s.describe()).isEqualTo("sftp://recsync@dr.example:22/srv/recordings");
    }

    @Test
    void describeAndToStringNeverShowSecrets() {
        SftpSettings s = parse(minimal());
        assertThat(s.describe()).doesNotContain("s3cret-pw");
        assertThat(s.toString()).doesNotContain("s3cret-pw");
        Connector c = new SftpConnectorFactory().create(Settings.of("dr-sftp.yml", minimal()));
        assertThat(c.describe()).isEqualTo("sftp://recsync@dr.example:22/srv/recordings").doesNotContain("s3cret-pw");
        c.close();
    }

    @Test
    void aLiteralPasswordIsRefused() {
        Map<String, Object> m = minimal();
        m.put("password", "hunter2");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors/dr-sftp.yml")
                .hasMessageContaining("'password'")
                .hasMessageContaining("${ENV_VAR}")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPasswordFileIsAReference() throws Exception {
        Map<String, Object> m = minimal();
        m.remove("password");
        m.put("passwordFile", Files.writeString(dir.resolve("pw"), "from-a-file\n").toString());
        assertThat(parse(m).password().reveal()).isEqualTo("from-a-file");
    }

    @Test
    void anUnknownFieldIsNamed() {
        Map<String, Object> m = minimal();
        m.put("hostKeyFingerprints", PIN);
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hostKeyFingerprints'")
                .hasMessageContaining("is not a known field");
    }

    @Test
    void aMisspeltFieldGetsTheDidYouMeanJobFieldsGet() {
        Map<String, Object> m = minimal();
        m.put("hostkeyFingerprint", m.remove("hostKeyFingerprint"));
        m.put("knownHostsFile", "/dev/null");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("field 'hostkeyFingerprint' is not a known field; did you mean 'hostKeyFingerprint'?")
                .hasMessageContaining("Fields allowed here: type, host, port");
    }

    @Test
    void strictCheckingNeedsSomethingToTrust() {
        Map<String, Object> m = minimal();
        m.remove("hostKeyFingerprint");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hostKeyFingerprint'")
                .hasMessageContaining("knownHostsFile")
                .hasMessageContaining("ssh-keyscan -p 22 dr.example");
        m.put("knownHostsFile", knownHosts.toString());
        assertThat(parse(m).knownHostsFile()).isEqualTo(knownHosts);
        m.remove("knownHostsFile");
        m.put("strictHostKeyChecking", false);
        assertThat(parse(m).strictHostKeyChecking()).isFalse();
    }

    @Test
    void fingerprintsAreCheckedAndNormalized() {
        Map<String, Object> m = minimal();
        m.put("hostKeyFingerprint", List.of("sha256:" + "B".repeat(43) + "=", PIN));
        assertThat(parse(m).hostKeyFingerprints()).containsExactly("SHA256:" + "B".repeat(43), PIN);
        m.put("hostKeyFingerprint", "MD5:12:34:56");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hostKeyFingerprint'").hasMessageContaining("ssh-keygen -lf");
    }

    @Test
    void rootMustBeAbsoluteUnlessRelativeToTheLoginDirectory() {
        Map<String, Object> m = minimal();
        m.put("root", "recordings");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class).hasMessageContaining("userDirIsRoot");
        m.put("userDirIsRoot", true);
        SftpSettings s = parse(m);
        assertThat(s.root()).isEqualTo("recordings");
        assertThat(s.describe()).isEqualTo("sftp://recsync@dr.example:22/~/recordings");
        m.put("root", "/abs");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class).hasMessageContaining("'root'");
        m.put("root", "a/../b");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class).hasMessageContaining("'..'");
    }

    @Test
    void someLoginIsRequired() {
        Map<String, Object> m = minimal();
        m.remove("password");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'privateKeyFile'").hasMessageContaining("password");
    }

    @Test
    void timeoutsAndPoolAreBounded() {
        Map<String, Object> m = minimal();
        m.put("connectTimeout", "0s");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'connectTimeout'");
        m.put("connectTimeout", "5s");
        m.put("maxSessions", 0);
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'maxSessions'");
        m.put("maxSessions", 8);
        m.put("readTimeout", "2m");
        m.put("keepAlive", "10s");
        SftpSettings s = parse(m);
        assertThat(s.maxSessions()).isEqualTo(8);
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theKeyAndItsPassphraseAreCheckedAtLoadTime() throws Exception {
        Path key = dir.resolve("id_ecdsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair.writePrivateKey(out, "open sesame".getBytes(StandardCharsets.UTF_8));
        Files.write(key, out.toByteArray());
        Map<String, Object> m = minimal();
        m.remove("password");
        m.put("privateKeyFile", key.toString());

        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'passphrase'").hasMessageContaining("encrypted");
        m.put("passphrase", new Secret("wrong"));
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'passphrase'").hasMessageContaining("does not open").hasMessageNotContaining("wrong");
        m.put("passphrase", new Secret("open sesame"));
        SftpSettings s = parse(m);
        assertThat(s.privateKeySource()).isEqualTo("privateKeyFile " + key);
        m.put("passphrase", "open sesame");
        assertThatThrownBy(() -> parse(m)).as("a literal passphrase").isInstanceOf(ConfigException.class)
                .hasMessageContaining("'passphrase'");
        Files.writeString(key, "not a key");
        m.put("passphrase", new Secret("open sesame"));
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class).hasMessageContaining("'privateKeyFile'");
    }

    @Test
    void theStandardCatalogKnowsSftpAndVfs() {
        assertThat(ConnectorCatalog.standard().types()).contains("sftp", "vfs");
        Connector c = ConnectorCatalog.standard().open(Settings.of("dr-sftp.yml", minimal()));
        assertThat(c).isInstanceOf(SftpConnector.class);
        assertThat(Capability.of(c)).containsExactly(Capability.RANGED_READ);
        c.close();
    }
}
