package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.mssmb2.SMB2Dialect;
import io.recsync.connector.smb.SmbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped examples are what operators copy: they must load as they are. */
class ExampleConfigTest {

    @Test
    void nightlyJobLoadsWithoutAnyEnvironment() {
        JobLoader.LoadedJob loaded = JobLoader.loadWithWarnings(Path.of("jobs/nightly.yml"), Map.of());
        JobDefinition job = loaded.job();
        assertThat(job.name()).isEqualTo("nightly");
        assertThat(job.sites()).containsOnlyKeys("hq", "dr");
        assertThat(job.site("hq").readOnly()).isTrue();
        assertThat(job.site("hq").connector().requireString("type")).isEqualTo("local");
        assertThat(job.site("hq").connector().requirePath("root")).isEqualTo(Path.of("/srv/recordings/hq"));
        assertThat(job.site("dr").connector().source()).isEqualTo("connectors/dr-local.yml");
        assertThat(job.links()).extracting(LinkDefinition::name).containsExactly("hq->dr");
        assertThat(job.links().get(0).filter()).isEqualTo(LinkFilter.ALL);
        assertThat(job.transfer()).isEqualTo(TransferSettings.DEFAULTS);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void nightlyJobFollowsRecsyncData() {
        JobDefinition job = JobLoader.load(Path.of("jobs/nightly.yml"), Map.of("RECSYNC_DATA", "/data"));
        assertThat(job.site("dr").connector().requirePath("root")).isEqualTo(Path.of("/data/dr"));
    }

    @Test
    void nasSmbProfileLoadsWithItsPasswordFromTheEnvironment() {
        YamlDocument doc = new YamlLoader(Map.of("RECSYNC_NAS_PASSWORD", "from-env"))
                .load(Path.of("connectors/nas-smb.yml"));
        SmbSettings s = SmbSettings.from(doc.root());
        assertThat(s.describe()).isEqualTo("smb://nas.branch.example.net:445/recordings/dr/calls");
        assertThat(s.username()).isEqualTo("recsync");
        assertThat(s.domain()).isEmpty();
        assertThat(s.password().reveal()).isEqualTo("from-env");
        assertThat(s.signing()).isTrue();
        assertThat(s.encryption()).isFalse();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxConnections()).isEqualTo(4);
    }

    @Test
    void nasSmbProfileNeedsItsPasswordVariable() {
        assertThatThrownBy(() -> SmbSettings.from(new YamlLoader(Map.of()).load(Path.of("connectors/nas-smb.yml")).root()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nas-smb.yml")
                .hasMessageContaining("RECSYNC_NAS_PASSWORD");
    }

    @Test
    void nasSmbCommentedAlternativesAreKnownFields() throws Exception {
        String text = Files.readString(Path.of("connectors/nas-smb.yml"))
                .replace("# domain: ACME", "domain: ACME")
                .replace("# dialects: [", "dialects: [")
                .replace("password: ${RECSYNC_NAS_PASSWORD}", "")
                .replace("# passwordFile: /etc/recsync/nas.password", "passwordFile: nas.password");
        Path dir = Files.createTempDirectory("nas-smb");
        Files.writeString(dir.resolve("nas.password"), "from-a-file\n");
        SmbSettings s = SmbSettings.from(new YamlLoader(Map.of()).parse("connectors/nas-smb.yml", text, dir).root());
        assertThat(s.domain()).isEqualTo("ACME");
        assertThat(s.password().reveal()).isEqualTo("from-a-file");
        assertThat(s.dialects()).containsExactlyInAnyOrder(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0);
    }
}
