package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.mssmb2.SMB2Dialect;
import io.recsync.config.ConfigException;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.connector.Capability;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile parsing: defaults, located errors naming the field, secrets by reference only. No server needed. */
class SmbSettingsTest {

    @TempDir
    Path dir;

    private Map<String, Object> minimal() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "smb");
        m.put("host", "nas.example");
        m.put("share", "recordings");
        m.put("username", "recsync");
        m.put("password", new Secret("s3cret-pw"));
        return m;
    }

    private static SmbSettings parse(Map<String, Object> m) {
        return SmbSettings.from(Settings.of("connectors/nas-smb.yml", m));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SmbSettings s = parse(minimal());
        assertThat(s.port()).isEqualTo(445);
        assertThat(s.root()).isEmpty();
        assertThat(s.domain()).isEmpty();
        assertThat(s.dialects()).containsExactlyInAnyOrder(SMB2Dialect.SMB_2_0_2, SMB2Dialect.SMB_2_1,
                SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_1_1);
        assertThat(s.signing()).isTrue();
        assertThat(s.encryption()).isFalse();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxConnections()).isEqualTo(4);
        assertThat(s.describe()).isEqualTo("smb://nas.example:445/recordings");
    }

    @Test
    void everyFieldIsRead() {
        Map<String, Object> m = minimal();
        m.put("port", 4450);
        m.put("root", "\\dr\\calls\\");
        m.put("domain", "ACME");
        m.put("dialects", List.of("SMB_3_1_1", "3.0", "smb_2_1"));
        m.put("signing", false);
        m.put("encryption", true);
        m.put("timeout", "30s");
        m.put("maxConnections", 8);
        SmbSettings s = parse(m);
        assertThat(s.root()).isEqualTo("dr/calls");
        assertThat(s.domain()).isEqualTo("ACME");
        assertThat(s.dialects()).containsExactlyInAnyOrder(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_2_1);
        assertThat(s.signing()).isFalse();
        assertThat(s.encryption()).isTrue();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxConnections()).isEqualTo(8);
        assertThat(s.describe()).isEqualTo("smb://nas.example:4450/recordings/dr/calls");
    }

    @Test
    void describeAndToStringNeverShowTheSecret() {
        SmbSettings s = parse(minimal());
        assertThat(s.toString()).doesNotContain("s3cret-pw").contains("recsync");
        try (Connector c = new SmbConnectorFactory().create(Settings.of("nas-smb.yml", minimal()))) {
            assertThat(c.describe()).isEqualTo("smb://nas.example:445/recordings").doesNotContain("s3cret-pw");
        }
    }

    @Test
    void anUnknownFieldIsNamed() {
        Map<String, Object> m = minimal();
        m.put("maxSessions", 4);
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors/nas-smb.yml")
                .hasMessageContaining("'maxSessions'")
                .hasMessageContaining("is not a known field");
    }

    @Test
    void aMisspeltRequiredFieldIsReportedAsTheTypo() {
        Map<String, Object> m = minimal();
        m.put("usernme", m.remove("username"));
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'usernme'").hasMessageContaining("is not a known field");
    }

    @Test
    void requiredFieldsAreNamed() {
        for (String field : List.of("host", "share", "username", "password")) {
            Map<String, Object> m = minimal();
            m.remove(field);
            assertThatThrownBy(() -> parse(m)).as(field).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("connectors/nas-smb.yml")
                    .hasMessageContaining("'" + field + "'")
                    .hasMessageContaining("required");
        }
    }

    @Test
    void aLiteralPasswordIsRefusedAndAFileIsAReference() throws Exception {
        Map<String, Object> m = minimal();
        m.put("password", "hunter2");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'password'")
                .hasMessageContaining("${ENV_VAR}")
                .hasMessageNotContaining("hunter2");
        m.remove("password");
        m.put("passwordFile", Files.writeString(dir.resolve("pw"), "from-a-file\n").toString());
        assertThat(parse(m).password().reveal()).isEqualTo("from-a-file");
    }

    @Test
    void aShareIsANameAndTheHostIsAHost() {
        Map<String, Object> m = minimal();
        m.put("share", "recordings/dr");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'share'").hasMessageContaining("'root'");
        m.put("share", "recordings");
        m.put("host", "\\\\nas.example\\recordings");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'host'");
        m.put("host", "[fd00::5]");
        assertThat(parse(m).describe()).isEqualTo("smb://[fd00::5]:445/recordings");
    }

    @Test
    void theRootStaysInsideTheShare() {
        Map<String, Object> m = minimal();
        m.put("root", "dr/../../etc");
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class).hasMessageContaining("'root'")
                .hasMessageContaining("'..'");
    }

    @Test
    void dialectsAreCheckedAndEncryptionNeedsSmb3() {
        Map<String, Object> m = minimal();
        m.put("dialects", List.of("SMB_1"));
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'dialects'").hasMessageContaining("SMB_1")
                .hasMessageContaining("SMB_3_1_1");
        m.put("dialects", List.of("SMB_2_1"));
        m.put("encryption", true);
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'encryption'").hasMessageContaining("SMB 3");
    }

    @Test
    void timeoutAndPoolAreBounded() {
        Map<String, Object> m = minimal();
        m.put("timeout", "0s");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'timeout'");
        m.put("timeout", "soon");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'timeout'").hasMessageContaining("30s");
        m.put("timeout", "5s");
        m.put("maxConnections", 0);
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("'maxConnections'");
    }

    @Test
    void theStandardCatalogKnowsSmb() {
        assertThat(ConnectorCatalog.standard().types()).contains("smb");
        try (Connector c = ConnectorCatalog.standard().open(Settings.of("nas-smb.yml", minimal()))) {
            assertThat(c).isInstanceOf(SmbConnector.class);
            assertThat(Capability.of(c)).containsExactly(Capability.RANGED_READ);
        }
    }
}
