package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.StoragePath;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    static final String ID = "0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b";

    @Test
    void aMatchingPathGivesItsFields() {
        PathTemplate t = PathTemplate.compile("{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}");

        PathTemplate.Match m = t.match(StoragePath.of("acme/support desk/2026/11/20/" + ID + ".wav")).orElseThrow();

        assertThat(m).isEqualTo(new PathTemplate.Match(UUID.fromString(ID), "acme", "support desk",
                Instant.parse("2026-11-20T00:00:00Z"), "wav"));
    }

    @Test
    void timeOfDayTokensAndLiteralTextWithRegexCharacters() {
        PathTemplate t = PathTemplate.compile("rec+{tenant}/{yyyy}{MM}{dd}-{HH}{mm}{ss}_{id}.{ext}");

        PathTemplate.Match m = t.match(StoragePath.of("rec+acme/20261120-140311_" + ID + ".mp3")).orElseThrow();

        assertThat(m.recordedAt()).isEqualTo(Instant.parse("2026-11-20T14:03:11Z"));
        assertThat(m.group()).isNull();
        assertThat(t.match(StoragePath.of("recXacme/20261120-140311_" + ID + ".mp3"))).isEmpty();
    }

    @Test
    void pathsThatDoNotFitDoNotMatch() {
        PathTemplate t = PathTemplate.compile("{tenant}/{group}/{id}.{ext}");
        assertThat(t.match(StoragePath.of("acme/support/not-a-uuid.wav"))).isEmpty();
        assertThat(t.match(StoragePath.of("acme/support/extra/" + ID + ".wav"))).isEmpty();
        assertThat(t.match(StoragePath.of("x/acme/support/" + ID + ".wav"))).isEmpty();
        assertThat(t.has("id")).isTrue();
        assertThat(t.has("yyyy")).isFalse();
    }

    @Test
    void aDateThatDoesNotExistIsAProblemNotAGuess() {
        PathTemplate t = PathTemplate.compile("{yyyy}/{MM}/{dd}/{id}.{ext}");
        assertThatThrownBy(() -> t.match(StoragePath.of("2026/13/01/" + ID + ".wav")))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("field 'recordedAt': the path's date and time 2026-13-01T00:00:00 do not exist; "
                        + "expected a real date in the template '{yyyy}/{MM}/{dd}/{id}.{ext}'");
    }

    @Test
    void badTemplatesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PathTemplate.compile("{tenant}/{day}/{id}.{ext}"))
                .hasMessage("path template '{tenant}/{day}/{id}.{ext}' has an unknown token {day}; expected tokens: "
                        + "{tenant}, {group}, {id}, {yyyy}, {MM}, {dd}, {HH}, {mm}, {ss}, {ext}");
        assertThatThrownBy(() -> PathTemplate.compile("{id}/{id}.{ext}"))
                .hasMessage("path template '{id}/{id}.{ext}' has {id} twice; expected each token once");
        assertThatThrownBy(() -> PathTemplate.compile("/{id}.{ext}"))
                .hasMessageStartingWith("path template '/{id}.{ext}' must be a non-empty path relative to the site root");
    }
}
