package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvSubstitutionTest {

    private static final String PASSWORD = "s3cr3t-Hunter2";

    @TempDir
    Path dir;

    private YamlDocument parse(Map<String, String> env, String yaml) {
        return new YamlLoader(env).parse("p.yml", yaml, dir);
    }

    @Test
    void substitutesVariablesAndDefaultsAndMarksTheValueSecret() {
        YamlDocument doc = parse(Map.of("DATA", "/mnt/rec", "EMPTY", ""), """
                root: ${DATA}/hq
                other: ${UNSET:-/srv/recordings}/dr
                blank: ${EMPTY:-fallback}
                literal: /plain
                escaped: cost $${X}
                """);
        Settings s = doc.root();
        assertThat(doc.tree().get("root")).isInstanceOf(Secret.class);
        assertThat(s.optionalString("root", null)).isEqualTo("/mnt/rec/hq");
        assertThat(s.optionalString("other", null)).isEqualTo("/srv/recordings/dr");
        assertThat(s.optionalString("blank", null)).isEqualTo("fallback");
        assertThat(doc.tree().get("literal")).isEqualTo("/plain");
        assertThat(doc.tree().get("escaped")).isEqualTo("cost ${X}");
        assertThat(s.requirePath("root")).isEqualTo(Path.of("/mnt/rec/hq"));
    }

    @Test
    void typedFieldsSeeThroughSubstitutedValues() {
        Settings s = parse(Map.of("PORT", "2222", "TLS", "yes", "T", "acme"), """
                port: ${PORT}
                tls: ${TLS}
                tenants: ["${T}", globex]
                wait: ${WAIT:-5s}
                """).root();
        assertThat(s.optionalInt("port", 22, 1, 65535)).isEqualTo(2222);
        assertThat(s.optionalBoolean("tls", false)).isTrue();
        assertThat(s.optionalStringList("tenants")).containsExactly("acme", "globex");
        assertThat(s.optionalDuration("wait", null)).hasSeconds(5);
    }

    @Test
    void missingVariableNamesFileLineFieldAndVariable() {
        assertThatThrownBy(() -> parse(Map.of(), "type: smb\nshare:\n  password: ${NAS_PASSWORD}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yml:3: field 'share.password' uses ${NAS_PASSWORD}, which is not set;"
                        + " export it")
                .hasMessageContaining("${NAS_PASSWORD:-default}");
    }

    @Test
    void emptyVariableWithoutDefaultIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("X", ""), "a: ${X}\n"))
                .hasMessageStartingWith("p.yml:1: field 'a' uses ${X}, which is empty;");
    }

    @Test
    void malformedReferenceIsRefused() {
        assertThatThrownBy(() -> parse(Map.of(), "a: b\nlist:\n  - ${1BAD}\n"))
                .hasMessageStartingWith("p.yml:3: field 'list[0]' has a malformed ${...}");
        assertThatThrownBy(() -> parse(Map.of(), "a: ${OPEN\n")).hasMessageStartingWith("p.yml:1: field 'a' has a malformed");
    }

    @Test
    void secretFieldAcceptsAnEnvironmentValue() {
        Settings s = parse(Map.of("NAS_PASSWORD", PASSWORD), "password: ${NAS_PASSWORD}\n").root();
        assertThat(s.optionalSecret("password").reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void secretFieldWrittenLiterallyIsRefusedPointingAtTheAlternatives() {
        Settings s = parse(Map.of(), "type: smb\npassword: " + PASSWORD + "\n").root();
        assertThatThrownBy(() -> s.optionalSecret("password"))
                .hasMessageStartingWith("p.yml:2: field 'password' ")
                .hasMessageContaining("${ENV_VAR}").hasMessageContaining("passwordFile")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void secretFileResolvesAgainstTheProfileDirectory() throws Exception {
        Files.writeString(dir.resolve("nas.pass"), PASSWORD + "\n");
        Settings s = parse(Map.of(), "passwordFile: nas.pass\n").root();
        assertThat(s.optionalSecret("password").reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void secretsNeverShowInToStringOrMessages() {
        YamlDocument doc = parse(Map.of("NAS_PASSWORD", PASSWORD, "MODE", PASSWORD), """
                type: smb
                password: ${NAS_PASSWORD}
                mode: ${MODE}
                port: ${NAS_PASSWORD}
                timeout: ${NAS_PASSWORD}
                """);
        Settings s = doc.root();
        assertThat(s.toString()).doesNotContain(PASSWORD).contains("password");
        assertThat(doc.toString()).doesNotContain(PASSWORD);
        assertThat(doc.tree().toString()).doesNotContain(PASSWORD);
        assertThat(s.optionalSecret("password").toString()).isEqualTo("******");
        assertThatThrownBy(() -> s.optionalChoice("mode", "rw", "rw", "ro")).hasMessageNotContaining(PASSWORD)
                .hasMessageStartingWith("p.yml:3: field 'mode' must be one of rw, ro");
        assertThatThrownBy(() -> s.optionalInt("port", 22, 1, 65535)).hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> s.optionalDuration("timeout", null)).hasMessageNotContaining(PASSWORD)
                .hasMessageStartingWith("p.yml:5: field 'timeout' expected a duration");
    }
}
