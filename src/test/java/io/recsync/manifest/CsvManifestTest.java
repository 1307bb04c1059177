package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvManifestTest {

    static final String HEADER = "id,tenant,group,recordedAt,audioPath,audioSize,audioSha256,metadataPath,metadataSize,metadataSha256,version";
    static final String ID = "0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b";
    static final String A = Recordings.AUDIO_SHA;
    static final String M = Recordings.META_SHA;
    static final String GOOD = ID + ",acme,support,2026-11-20T14:03:11Z,acme/support/a.wav,482113," + A
            + ",acme/support/a.json,1211," + M + ",1";
    static final String OTHER = GOOD.replace("0b7c3c1e", "1b7c3c1e");

    static Stream<Arguments> badRows() {
        int pathColumn = GOOD.indexOf("acme/support/a.wav") + 1;
        return Stream.of(
                Arguments.of(GOOD + ",extra", null, "expected 11 fields as in the header, got 12"),
                Arguments.of(GOOD.replace(",1211,", ","), null, "expected 11 fields as in the header, got 10"),
                Arguments.of(GOOD.replace("acme/support/a.wav", "\"acme/a.wav"), null,
                        "malformed CSV: the quoted field opened at column " + pathColumn + " is not closed on this line; expected a closing '\"' (fields cannot span lines)"),
                Arguments.of(GOOD.replace("acme/support/a.wav", "\"acme\"x.wav"), null,
                        "malformed CSV: unexpected 'x' at column " + (pathColumn + 6) + " after a closing quote; expected ',' or the end of the line"),
                Arguments.of(GOOD.replace("acme/support/a.wav", "acme\"a.wav"), null,
                        "malformed CSV: a '\"' at column " + (pathColumn + 4) + " inside an unquoted field; expected the field quoted with its quotes doubled"),
                Arguments.of(GOOD.replace(ID, ""), "id", "missing; expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b"),
                Arguments.of(GOOD.replace(ID, "not-a-uuid"), "id", "expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got 'not-a-uuid'"),
                Arguments.of(GOOD.replace(",acme,", ",a/b,"), "tenant", "expected a non-empty name without '/' or control characters, got 'a/b'"),
                Arguments.of(GOOD.replace(",support,", ",,"), "group", "missing; expected a non-empty name without '/' or control characters"),
                Arguments.of(GOOD.replace("2026-11-20T14:03:11Z", "20.11.2026"), "recordedAt",
                        "expected an ISO-8601 UTC timestamp like 2026-11-20T14:03:11Z, got '20.11.2026'"),
                Arguments.of(GOOD.replace("acme/support/a.wav", "../a.wav"), "audioPath",
                        "path rejected: path contains a '..' segment and could leave the site root: '../a.wav'; expected a relative '/'-separated path below the site root"),
                Arguments.of(GOOD.replace("482113", "-3"), "audioSize", "expected a size in bytes (an integer >= 0), got -3"),
                Arguments.of(GOOD.replace("482113", "12kb"), "audioSize", "expected a size in bytes (an integer >= 0), got '12kb'"),
                Arguments.of(GOOD.replace("482113", "99999999999999999999"), "audioSize",
                        "expected a size in bytes (an integer >= 0), got '99999999999999999999'"),
                Arguments.of(GOOD.replace(A, "xyz"), "audioSha256", "expected 64 lower-case hex characters, got 'xyz'"),
                Arguments.of(GOOD.replace(",1211,", ",,"), "metadataSize", "missing; expected a size in bytes (an integer >= 0)"),
                Arguments.of(GOOD.replace("acme/support/a.json", ""), "metadataPath", "missing; expected a relative '/'-separated path below the site root"),
                Arguments.of(GOOD.replace("acme/support/a.json", "acme/support/a.wav"), "metadataPath",
                        "is the same as the audio path; expected the sidecar's own path"),
                Arguments.of(GOOD.replace("," + M + ",1", "," + M + ",v2"), "version", "expected an integer >= 1, got 'v2'"));
    }

    @ParameterizedTest
    @MethodSource("badRows")
    void aBadRowIsReportedWithSourceLineAndColumnAndTheNextRowIsRead(String row, String field, String message) {
        List<ManifestEntry> entries = Recordings.readText(HEADER + "\r\n" + GOOD + "\r\n" + row + "\r\n" + OTHER + "\r\n",
                "site-a/manifest.csv", ManifestFormat.CSV);

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isInstanceOf(ManifestEntry.Valid.class);
        ManifestProblem problem = ((ManifestEntry.Invalid) entries.get(1)).problem();
        assertThat(problem).isEqualTo(new ManifestProblem("site-a/manifest.csv", 3, field, message));
        assertThat(entries.get(2)).isInstanceOf(ManifestEntry.Valid.class);
        assertThat(entries.get(2).line()).isEqualTo(4);
    }

    @Test
    void columnsAreFoundByNameAndOptionalOnesMayBeLeftOut() {
        String header = "audioSha256,audioSize,audioPath,recordedAt,group,tenant,id";
        String row = A + ",482113,\"acme/x, \"\"y\"\".wav\",2026-11-20T14:03:11Z,support,acme," + ID;

        List<ManifestEntry> entries = Recordings.readText("\uFEFF" + header + "\n\n" + row + "\n", "m.csv", ManifestFormat.CSV);

        Recording r = ((ManifestEntry.Valid) entries.get(0)).recording();
        assertThat(entries.get(0).line()).isEqualTo(3);
        assertThat(r.audio().path().value()).isEqualTo("acme/x, \"y\".wav");
        assertThat(r.metadata()).isNull();
        assertThat(r.version()).isEqualTo(1);
    }

    @Test
    void emptyMetadataColumnsMeanNoMetadata() {
        String row = GOOD.replace(",acme/support/a.json,1211," + M + ",1", ",,,,\"\"");
        Recording r = ((ManifestEntry.Valid) Recordings.readText(HEADER + "\n" + row, "m.csv", ManifestFormat.CSV).get(0)).recording();
        assertThat(r.metadata()).isNull();
        assertThat(r.version()).isEqualTo(1);
    }

    @Test
    void anUnknownColumnStopsTheReadingNamingTheColumn() {
        assertThatThrownBy(() -> Recordings.readText(HEADER + ",caller\n" + GOOD + ",x\n", "m.csv", ManifestFormat.CSV))
                .isInstanceOf(ManifestException.class)
                .hasMessage("m.csv:1: unknown column 'caller' in the header; expected only " + HEADER + ",updatedAt");
    }

    @Test
    void otherHeaderMistakesStopTheReadingToo() {
        assertThatThrownBy(() -> Recordings.readText(HEADER.replace(",audioSha256", "") + "\n", "m.csv", ManifestFormat.CSV))
                .hasMessage("m.csv:1: the header has no column 'audioSha256'; expected at least id,tenant,group,recordedAt,audioPath,audioSize,audioSha256");
        assertThatThrownBy(() -> Recordings.readText("\n" + HEADER + ",id\n", "m.csv", ManifestFormat.CSV))
                .hasMessage("m.csv:2: column 'id' appears twice in the header; expected each once");
        assertThatThrownBy(() -> Recordings.readText(HEADER.replace(",metadataSize", "") + "\n", "m.csv", ManifestFormat.CSV))
                .hasMessage("m.csv:1: the header has only some of metadataPath,metadataSize,metadataSha256; expected all three or none");
    }
}
