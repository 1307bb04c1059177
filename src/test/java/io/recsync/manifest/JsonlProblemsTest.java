package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad JSONL line is reported with source, line and field, and reading goes on. */
class JsonlProblemsTest {

    static final String ID = "0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b";
    static final String A = Recordings.AUDIO_SHA;
    static final String M = Recordings.META_SHA;
    static final String GOOD = "{\"id\":\"" + ID + "\",\"tenant\":\"acme\",\"group\":\"support\","
            + "\"recordedAt\":\"2026-11-20T14:03:11Z\","
            + "\"audio\":{\"path\":\"acme/support/a.wav\",\"size\":482113,\"sha256\":\"" + A + "\"},"
            + "\"metadata\":{\"path\":\"acme/support/a.json\",\"size\":1211,\"sha256\":\"" + M + "\"},\"version\":1}";
    static final String OTHER = GOOD.replace("0b7c3c1e", "1b7c3c1e");

    static Stream<Arguments> badLines() {
        return Stream.of(
                bad("{\"id\":\"" + ID + "\",", null,
                        "malformed JSON at column 46 (Unexpected end-of-input within/between Object entries); expected one JSON object per line"),
                bad("[1,2]", null, "expected one JSON object per line, got a JSON array"),
                bad(GOOD + " {}", null, null),
                bad(GOOD.replace("\"tenant\":\"acme\"", "\"tenant\":\"acme\",\"tenant\":\"evil\""), null, null),
                bad(GOOD.replace("\"id\":\"" + ID + "\",", ""), "id", "missing; expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b"),
                bad(GOOD.replace(ID, "abc"), "id", "expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got 'abc'"),
                bad(GOOD.replace(ID, "1-1-1-1-1"), "id", "expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got '1-1-1-1-1'"),
                bad(GOOD.replace(ID, "00000000-0000-0000-0000-000000000000"), "id",
                        "expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got the nil UUID, which no recorder assigns"),
                bad(GOOD.replace("\"" + ID + "\"", "42"), "id",
                        "expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got JSON number 42"),
                bad(GOOD.replace("\"tenant\":\"acme\",", ""), "tenant", "missing; expected a non-empty name without '/' or control characters"),
                bad(GOOD.replace("\"tenant\":\"acme\"", "\"tenant\":null"), "tenant", "missing; expected a non-empty name without '/' or control characters"),
                bad(GOOD.replace("\"acme\"", "\"\""), "tenant", "expected a non-empty name without '/' or control characters, got ''"),
                bad(GOOD.replace("\"acme\"", "\"acme/other\""), "tenant", "expected a non-empty name without '/' or control characters, got 'acme/other'"),
                bad(GOOD.replace("\"support\"", "\"sup\\u0007port\""), "group", "expected a non-empty name without '/' or control characters, got 'sup\\u0007port'"),
                bad(GOOD.replace("\"support\"", "true"), "group", "expected a non-empty name without '/' or control characters, got JSON true"),
                bad(GOOD.replace("2026-11-20T14:03:11Z", "2026-11-20 14:03:11"), "recordedAt",
                        "expected an ISO-8601 UTC timestamp like 2026-11-20T14:03:11Z, got '2026-11-20 14:03:11'"),
                bad(GOOD.replace("2026-11-20T14:03:11Z", "2026-02-30T14:03:11Z"), "recordedAt",
                        "expected an ISO-8601 UTC timestamp like 2026-11-20T14:03:11Z, got '2026-02-30T14:03:11Z'"),
                bad(GOOD.replace("\"audio\":{\"path\":\"acme/support/a.wav\",\"size\":482113,\"sha256\":\"" + A + "\"},", ""),
                        "audio", "missing; expected a JSON object"),
                bad(GOOD.replace("\"audio\":{\"path\":\"acme/support/a.wav\",\"size\":482113,\"sha256\":\"" + A + "\"}", "\"audio\":\"a.wav\""),
                        "audio", "expected a JSON object, got JSON string 'a.wav'"),
                bad(GOOD.replace("\"path\":\"acme/support/a.wav\",", ""), "audio.path", "missing; expected a relative '/'-separated path below the site root"),
                bad(GOOD.replace("acme/support/a.wav", "/etc/passwd"), "audio.path",
                        "path rejected: path is absolute; manifest paths are relative to the site root: '/etc/passwd'; expected a relative '/'-separated path below the site root"),
                bad(GOOD.replace("acme/support/a.wav", "acme/../../x.wav"), "audio.path",
                        "path rejected: path contains a '..' segment and could leave the site root: 'acme/../../x.wav'; expected a relative '/'-separated path below the site root"),
                bad(GOOD.replace("acme/support/a.wav", "acme/a\\n.wav"), "audio.path",
                        "path rejected: path contains a control character (code 10): 'acme/a\\u000a.wav'; expected a relative '/'-separated path below the site root"),
                bad(GOOD.replace("acme/support/a.wav", ".recsync/manifest/a.wav"), "audio.path",
                        "path is inside .recsync/, which holds recsync's own files: '.recsync/manifest/a.wav'; expected the path of a recording's audio or sidecar"),
                bad(GOOD.replace("acme/support/a.json", "acme/support/a.json.recsync-tmp-1"), "metadata.path",
                        "path names an unfinished recsync temp object (.recsync-tmp): 'acme/support/a.json.recsync-tmp-1'; expected the path of a recording's audio or sidecar"),
                bad(GOOD.replace("482113", "\"482113\""), "audio.size", "expected a size in bytes (an integer >= 0), got JSON string '482113'"),
                bad(GOOD.replace("482113", "-1"), "audio.size", "expected a size in bytes (an integer >= 0), got -1"),
                bad(GOOD.replace("482113", "4821.5"), "audio.size", "expected a size in bytes (an integer >= 0), got JSON number 4821.5"),
                bad(GOOD.replace("482113", "99999999999999999999"), "audio.size", "expected a size in bytes (an integer >= 0), got JSON number 99999999999999999999"),
                bad(GOOD.replace(A, "xyz"), "audio.sha256", "expected 64 lower-case hex characters, got 'xyz'"),
                bad(GOOD.replace(A, A.toUpperCase()), "audio.sha256", "expected 64 lower-case hex characters, got '" + A.toUpperCase() + "'"),
                bad(GOOD.replace(",\"sha256\":\"" + M + "\"", ""), "metadata.sha256", "missing; expected 64 lower-case hex characters"),
                bad(GOOD.replace("\"metadata\":{\"path\":\"acme/support/a.json\",\"size\":1211,\"sha256\":\"" + M + "\"}", "\"metadata\":[]"),
                        "metadata", "expected a JSON object, got a JSON array"),
                bad(GOOD.replace("acme/support/a.json", "acme/support/a.wav"), "metadata.path",
                        "is the same as the audio path; expected the sidecar's own path"),
                bad(GOOD.replace("\"version\":1", "\"version\":0"), "version", "expected an integer >= 1, got 0"),
                bad(GOOD.replace("\"version\":1", "\"version\":\"2\""), "version", "expected an integer >= 1, got JSON string '2'"));
    }

    private static Arguments bad(String line, String field, String message) {
        return Arguments.of(line, field, message);
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineIsReportedWithSourceLineAndFieldAndTheNextLineIsRead(String line, String field, String message) {
        List<ManifestEntry> entries = Recordings.readText(GOOD + "\n" + line + "\n" + OTHER + "\n",
                "site-a/manifest.jsonl", ManifestFormat.JSONL);

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isInstanceOf(ManifestEntry.Valid.class);
        assertThat(entries.get(1)).isInstanceOf(ManifestEntry.Invalid.class);
        ManifestProblem problem = ((ManifestEntry.Invalid) entries.get(1)).problem();
        assertThat(problem.source()).isEqualTo("site-a/manifest.jsonl");
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.field()).isEqualTo(field);
        if (message != null) {
            assertThat(problem.message()).isEqualTo(message);
        }
        assertThat(problem.message()).contains("expected");
        assertThat(entries.get(2)).isInstanceOf(ManifestEntry.Valid.class);
        assertThat(entries.get(2).line()).isEqualTo(3);
    }

    @Test
    void problemPrintsAsSourceLineFieldMessage() {
        List<ManifestEntry> entries = Recordings.readText("\n" + GOOD.replace(A, "xyz") + "\n", "site-a/manifest.jsonl", ManifestFormat.JSONL);
        assertThat(entries).singleElement().hasToString("Invalid[problem=site-a/manifest.jsonl:2: field 'audio.sha256': "
                + "expected 64 lower-case hex characters, got 'xyz']");
        assertThat(((ManifestEntry.Invalid) entries.get(0)).problem()).hasToString(
                "site-a/manifest.jsonl:2: field 'audio.sha256': expected 64 lower-case hex characters, got 'xyz'");
    }

    @Test
    void duplicateKeysAndTrailingObjectsAreMalformedNotSilentlyResolved() {
        List<ManifestEntry> entries = Recordings.readText(
                GOOD.replace("\"tenant\":\"acme\"", "\"tenant\":\"acme\",\"tenant\":\"evil\"") + "\n" + GOOD + " " + OTHER + "\n",
                "m.jsonl", ManifestFormat.JSONL);
        assertThat(entries).extracting(e -> ((ManifestEntry.Invalid) e).problem().toString()).containsExactly(
                "m.jsonl:1: malformed JSON at column 70 (Duplicate field 'tenant'); expected one JSON object per line",
                "m.jsonl:2: more JSON follows the object at column " + (GOOD.length() + 2) + "; expected one JSON object per line");
    }

    @Test
    void blankLinesCrlfByteOrderMarkUnknownFieldsAndNullMetadataAreFine() {
        String withExtras = GOOD.replace("\"version\":1", "\"version\":1,\"futureField\":{\"x\":[1,2]}");
        String noMetadata = OTHER.replace("\"metadata\":{\"path\":\"acme/support/a.json\",\"size\":1211,\"sha256\":\"" + M + "\"},", "");
        String nullMetadata = OTHER.replace("1b7c3c1e", "2b7c3c1e")
                .replace("{\"path\":\"acme/support/a.json\",\"size\":1211,\"sha256\":\"" + M + "\"}", "null")
                .replace(",\"version\":1", "");
        List<ManifestEntry> entries = Recordings.readText("\uFEFF" + withExtras + "\r\n\r\n   \n" + noMetadata + "\r\n" + nullMetadata,
                "m.jsonl", ManifestFormat.JSONL);

        assertThat(entries).extracting(ManifestEntry::line).containsExactly(1L, 4L, 5L);
        assertThat(entries).allSatisfy(e -> assertThat(e).isInstanceOf(ManifestEntry.Valid.class));
        Recording first = ((ManifestEntry.Valid) entries.get(0)).recording();
        assertThat(first.id()).hasToString(ID);
        assertThat(first.metadata().sha256()).isEqualTo(M);
        assertThat(((ManifestEntry.Valid) entries.get(1)).recording().metadata()).isNull();
        Recording third = ((ManifestEntry.Valid) entries.get(2)).recording();
        assertThat(third.metadata()).isNull();
        assertThat(third.version()).isEqualTo(1);
    }

    @Test
    void timestampsWithAnOffsetAreReadAsUtc() {
        List<ManifestEntry> entries = Recordings.readText(GOOD.replace("2026-11-20T14:03:11Z", "2026-11-20T15:03:11.250+01:00"),
                "m.jsonl", ManifestFormat.JSONL);
        assertThat(((ManifestEntry.Valid) entries.get(0)).recording().recordedAt()).hasToString("2026-11-20T14:03:11.250Z");
    }

    @Test
    void invalidUtf8AndOverlongLinesAreReportedAndSkipped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(GOOD.replace("a.wav", "\u00e4.wav").getBytes(StandardCharsets.ISO_8859_1));
        bytes.write('\n');
        bytes.write(("{\"id\":\"" + "x".repeat(LineSource.MAX_LINE_BYTES) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(OTHER.getBytes(StandardCharsets.UTF_8));

        List<ManifestEntry> entries = Recordings.read(bytes.toByteArray(), "m.jsonl", ManifestFormat.JSONL, false);

        assertThat(entries).extracting(e -> e instanceof ManifestEntry.Invalid i ? i.problem().toString() : "valid " + e.line())
                .containsExactly(
                        "valid 1",
                        "m.jsonl:2: line is not valid UTF-8; expected a UTF-8 text file",
                        "m.jsonl:3: line is longer than 1048576 bytes; expected one recording per line",
                        "valid 4");
    }
}
