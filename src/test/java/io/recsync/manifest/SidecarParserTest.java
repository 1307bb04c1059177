package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SidecarParserTest {

    static Sidecar parse(String json) {
        return SidecarParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheRecorderFieldsAndIgnoresUnknownOnes() {
        Sidecar s = parse("{\"id\":\"0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"2026-11-20T14:03:11Z\",\"caller\":\"+4930123\",\"callee\":\"+4930456\","
                + "\"durationSeconds\":42.5,\"version\":1,\"agent\":{\"name\":\"x\"}}");

        assertThat(s).isEqualTo(new Sidecar(UUID.fromString("0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b"), "acme", "support",
                Instant.parse("2026-11-20T14:03:11Z"), 1L, "+4930123", "+4930456", 42.5));
        assertThat(s.identityOnly()).isEqualTo(new Sidecar(s.id(), "acme", "support", s.recordedAt(), 1L, null, null, null));
    }

    @Test
    void everyFieldIsOptional() {
        assertThat(parse("{}")).isEqualTo(new Sidecar(null, null, null, null, null, null, null, null));
        assertThat(parse("{\"id\":null,\"caller\":null}").id()).isNull();
    }

    @Test
    void aPresentFieldMustBeValid() {
        assertThatThrownBy(() -> parse("{\"tenant\":\"a/b\"}"))
                .hasMessage("field 'tenant': expected a non-empty name without '/' or control characters, got 'a/b'");
        assertThatThrownBy(() -> parse("{\"durationSeconds\":-1}"))
                .hasMessage("field 'durationSeconds': expected a number of seconds >= 0, got -1.0");
        assertThatThrownBy(() -> parse("{\"caller\":4930123}"))
                .hasMessage("field 'caller': expected a string, got JSON number 4930123");
    }

    @Test
    void malformedOrNonJsonIsAProblemWithoutAField() {
        assertThatThrownBy(() -> parse("{\"id\":"))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("malformed JSON at column 7")
                .hasMessageEndingWith("; expected a sidecar holding one JSON object");
        assertThatThrownBy(() -> SidecarParser.parse(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}))
                .hasMessage("sidecar is not valid UTF-8; expected a sidecar holding one JSON object");
        assertThatThrownBy(() -> SidecarParser.parse(new byte[SidecarParser.MAX_BYTES + 1]))
                .hasMessage("sidecar is larger than 1048576 bytes; expected a sidecar holding one JSON object of a few hundred bytes");
    }
}
