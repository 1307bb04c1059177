package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples under manifests/ and the messages the README quotes, checked against the code. */
class ManifestValidationTest {

    static final Path EXAMPLES = Path.of("manifests/examples");
    static final String F = "manifests/examples/invalid.jsonl";
    static final String PATH_RULE = "; expected a relative '/'-separated path below the site root";
    static final List<String> INVALID_EXAMPLE_PROBLEMS = List.of(
            F + ":2: malformed JSON at column 248 (Unexpected end-of-input: was expecting closing quote for a string value); expected one JSON object per line",
            F + ":3: field 'id': missing; expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b",
            F + ":4: field 'id': expected a UUID like 0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b, got 'c0000000-0000-4000-8000'",
            F + ":5: field 'audio.sha256': missing; expected 64 lower-case hex characters",
            F + ":6: field 'audio.size': expected a size in bytes (an integer >= 0), got JSON string '15'",
            F + ":7: field 'audio.sha256': expected 64 lower-case hex characters, got '887A659651B68FC3300430254DD4B9AA7FAC9104EC5DE5924BDE993387795DE8'",
            F + ":8: field 'audio.sha256': expected 64 lower-case hex characters, got 'xyz'",
            F + ":9: field 'metadata.size': expected a size in bytes (an integer >= 0), got -1",
            F + ":10: field 'recordedAt': expected an ISO-8601 UTC timestamp like 2026-11-20T14:03:11Z, got '2026-11-20 14:03'",
            F + ":11: field 'tenant': expected a non-empty name without '/' or control characters, got 'acme/eu'",
            F + ":12: field 'group': expected a non-empty name without '/' or control characters, got ''",
            F + ":13: field 'audio.path': path rejected: path is absolute; manifest paths are relative to the site root: "
                    + "'/srv/recordings/acme/support/2026/11/20/rec-13.wav'" + PATH_RULE,
            F + ":14: field 'audio.path': path rejected: path contains a '..' segment and could leave the site root: "
                    + "'acme/support/../../../etc/rec-14.wav'" + PATH_RULE,
            F + ":15: field 'audio.path': path rejected: path contains a control character (code 0): "
                    + "'acme/support/2026/11/20/rec-15\\u0000.wav'" + PATH_RULE,
            F + ":16: field 'audio.path': path is inside .recsync/, which holds recsync's own files: "
                    + "'.recsync/acme/support/2026/11/20/rec-16.wav'; expected the path of a recording's audio or sidecar",
            F + ":17: field 'version': expected an integer >= 1, got 0",
            F + ":19: field 'id': duplicate id c0000000-0000-4000-8000-000000000001, first seen on line 1; "
                    + "expected each recording once per manifest");

    @Test
    void invalidExampleReportsEveryKindOfProblemWithLineAndField() throws IOException {
        ValidationReport report = new ManifestValidation().validate(EXAMPLES.resolve("invalid.jsonl"));

        assertThat(report.problems()).extracting(ManifestProblem::toString).containsExactlyElementsOf(INVALID_EXAMPLE_PROBLEMS);
        assertThat(report.summary()).isEqualTo(F + ": 19 lines, 2 valid, 17 invalid");
        assertThat(report.problemCount()).isEqualTo(17);
        assertThat(report.fatal()).isNull();
        assertThat(report.ok()).isFalse();
    }

    @Test
    void theReadmeQuotesExactlyWhatTheValidatorPrints() throws IOException {
        String readme = Files.readString(Path.of("manifests/README.md"));
        for (String problem : INVALID_EXAMPLE_PROBLEMS) {
            assertThat(readme).contains(problem);
        }
        assertThat(readme).contains(F + ": 19 lines, 2 valid, 17 invalid");
    }

    @Test
    void validExamplesAgreeAcrossFormatsAreCanonicalAndHashRealContent() throws IOException {
        ValidationReport jsonl = new ManifestValidation().validate(EXAMPLES.resolve("site-a.jsonl"));
        ValidationReport csv = new ManifestValidation().validate(EXAMPLES.resolve("site-a.csv"));
        assertThat(jsonl.ok()).isTrue();
        assertThat(csv.ok()).isTrue();
        assertThat(jsonl.valid()).isEqualTo(3);

        List<Recording> fromJsonl = recordings(EXAMPLES.resolve("site-a.jsonl"));
        assertThat(recordings(EXAMPLES.resolve("site-a.csv"))).isEqualTo(fromJsonl);
        assertThat(Recordings.write(fromJsonl, ManifestFormat.JSONL, false)).isEqualTo(Files.readAllBytes(EXAMPLES.resolve("site-a.jsonl")));
        assertThat(Recordings.write(fromJsonl, ManifestFormat.CSV, false)).isEqualTo(Files.readAllBytes(EXAMPLES.resolve("site-a.csv")));

        // The README states each example file's content; the checksums and sizes are of that text.
        Map<String, String> content = Map.of(
                "0b7c3c1e", "example audio 1", "5f0e8d7c", "example audio 2", "9a8b7c6d", "example audio 3");
        for (Recording r : fromJsonl) {
            String prefix = r.id().toString().substring(0, 8);
            assertAbout(r.audio(), content.get(prefix));
            if (r.metadata() != null) {
                assertAbout(r.metadata(), content.get(prefix).replace("audio", "metadata"));
            }
        }
    }

    @Test
    void keepsAtMostTheLimitButCountsEveryProblem() throws IOException {
        ValidationReport report = new ManifestValidation(3).validate(EXAMPLES.resolve("invalid.jsonl"));
        assertThat(report.problems()).hasSize(3);
        assertThat(report.problemCount()).isEqualTo(17);
        assertThat(report.omittedProblems()).isEqualTo(14);
    }

    @Test
    void damageThatStopsTheReadingIsTheFatalProblem(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("m.csv"), "id,tenant,colour\n1,2,3\n");
        Path txt = Files.writeString(dir.resolve("m.txt"), "");

        ValidationReport badHeader = new ManifestValidation().validate(csv);
        ValidationReport badName = new ManifestValidation().validate(txt);

        assertThat(badHeader.fatal()).hasToString(csv + ":1: unknown column 'colour' in the header; expected only "
                + String.join(",", CsvLineParser.COLUMNS));
        assertThat(badHeader.problems()).containsExactly(badHeader.fatal());
        assertThat(badHeader.ok()).isFalse();
        assertThat(badHeader.summary()).endsWith("reading stopped at line 1, the rest was not checked");
        assertThat(badName.fatal().message()).isEqualTo("unknown manifest file extension; expected .jsonl, .jsonl.gz, .csv or .csv.gz");
    }

    private static void assertAbout(FileRef file, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(file.sha256()).as(file.path().value()).isEqualTo(Sha256.of(bytes));
        assertThat(file.size()).as(file.path().value()).isEqualTo(bytes.length);
    }

    private static List<Recording> recordings(Path file) throws IOException {
        try (ManifestReader r = ManifestReader.open(file)) {
            List<Recording> list = new java.util.ArrayList<>();
            for (ManifestEntry e = r.next(); e != null; e = r.next()) {
                list.add(((ManifestEntry.Valid) e).recording());
            }
            return list;
        }
    }
}
