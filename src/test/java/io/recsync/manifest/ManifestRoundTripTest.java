package io.recsync.manifest;

import static io.recsync.manifest.Recordings.read;
import static io.recsync.manifest.Recordings.recording;
import static io.recsync.manifest.Recordings.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.StoragePath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManifestRoundTripTest {

    static List<Recording> hostile() {
        List<Recording> list = new ArrayList<>();
        list.add(recording("acme/support/2026/11/20/plain.wav", "acme/support/2026/11/20/plain.json"));
        list.add(recording("acme/with space/call one.wav", null));
        list.add(recording("acme/quo\"te/say \"hi\".wav", "acme/quo\"te/say \"hi\".json"));
        list.add(recording("acme/comma,dir/a,b,c.wav", "acme/comma,dir/a,b,c.json"));
        list.add(recording("acme/#hash/%20percent+plus.wav", null));
        list.add(recording("acme/ümlaut/日本語/通話 😀.wav", "acme/ümlaut/日本語/通話 😀.json"));
        list.add(recording("acme/ leading and trailing /x .wav", null));
        list.add(recording("acme/back\\slash/'single'.wav", null));
        list.add(recording("acme/long/" + "n".repeat(200) + ".wav", "acme/long/" + "n".repeat(200) + ".json"));
        list.add(new Recording(UUID.randomUUID(), "Müller, \"GmbH\"", "2nd line, support", Instant.parse("2026-01-02T03:04:05.123456789Z"),
                new io.recsync.manifest.FileRef(StoragePath.of("x/zero.wav"), 0, Recordings.AUDIO_SHA), null, 7));
        return list;
    }

    @ParameterizedTest
    @CsvSource({"JSONL,false", "JSONL,true", "CSV,false", "CSV,true"})
    void hostilePathsAndNullMetadataSurviveARoundTrip(ManifestFormat format, boolean gzip) {
        List<Recording> recordings = hostile();

        List<ManifestEntry> entries = read(write(recordings, format, gzip), "m", format, gzip);

        assertThat(entries).allSatisfy(e -> assertThat(e).isInstanceOf(ManifestEntry.Valid.class));
        assertThat(entries).extracting(e -> ((ManifestEntry.Valid) e).recording()).containsExactlyElementsOf(recordings);
        long firstDataLine = format == ManifestFormat.CSV ? 2 : 1;
        assertThat(entries.get(0).line()).isEqualTo(firstDataLine);
        assertThat(entries.get(9).line()).isEqualTo(firstDataLine + 9);
    }

    @Test
    void jsonlLinesHaveTheSpecifiedKeyOrderAndUtcInstants() {
        Recording r = recording("a/b.wav", "a/b.json");
        String text = new String(write(List.of(r, recording("a/c.wav", null)), ManifestFormat.JSONL, false), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("{\"id\":\"" + r.id() + "\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"2026-11-20T14:03:11Z\","
                + "\"audio\":{\"path\":\"a/b.wav\",\"size\":482113,\"sha256\":\"" + Recordings.AUDIO_SHA + "\"},"
                + "\"metadata\":{\"path\":\"a/b.json\",\"size\":1211,\"sha256\":\"" + Recordings.META_SHA + "\"},"
                + "\"version\":1}\n"
                + "{\"id\":\"" + recording("a/c.wav", null).id() + "\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"2026-11-20T14:03:11Z\","
                + "\"audio\":{\"path\":\"a/c.wav\",\"size\":482113,\"sha256\":\"" + Recordings.AUDIO_SHA + "\"},"
                + "\"metadata\":null,\"version\":1}\n");
    }

    @Test
    void csvHasTheSpecifiedHeaderAndQuotesOnlyWhatNeedsIt() {
        Recording r = recording("a/x,y \"q\".wav", null);
        String text = new String(write(List.of(r), ManifestFormat.CSV, false), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("id,tenant,group,recordedAt,audioPath,audioSize,audioSha256,"
                + "metadataPath,metadataSize,metadataSha256,version,updatedAt\r\n"
                + r.id() + ",acme,support,2026-11-20T14:03:11Z,\"a/x,y \"\"q\"\".wav\",482113," + Recordings.AUDIO_SHA
                + ",,,,1,\r\n");
    }

    @Test
    void gzipOutputIsARealGzipStream() throws Exception {
        byte[] bytes = write(List.of(recording("a/b.wav", null)), ManifestFormat.JSONL, true);
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).startsWith("{\"id\":").endsWith("\"version\":1}\n");
    }

    @Test
    void writerRefusesARecordingItsReaderWouldRejectAndWritesNothingOfIt() throws Exception {
        Recording bad = new Recording(UUID.randomUUID(), "acme/evil", "support", Instant.EPOCH,
                recording("a/b.wav", null).audio(), null, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ManifestWriter w = ManifestWriter.open(out, ManifestFormat.JSONL, false)) {
            assertThatThrownBy(() -> w.write(bad))
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessage("field 'tenant': expected a non-empty name without '/' or control characters, got 'acme/evil'");
            assertThat(w.count()).isZero();
        }
        assertThat(out.toByteArray()).isEmpty();
    }

    @Test
    void writerRefusesUpperCaseChecksumsAndReservedPaths() {
        Recording upper = new Recording(UUID.randomUUID(), "acme", "support", Instant.EPOCH,
                new FileRef(StoragePath.of("a/b.wav"), 1, Recordings.AUDIO_SHA.toUpperCase()), null, 1);
        Recording reserved = new Recording(UUID.randomUUID(), "acme", "support", Instant.EPOCH,
                new FileRef(StoragePath.of(".recsync/manifest/x.wav"), 1, Recordings.AUDIO_SHA), null, 1);

        assertThatThrownBy(() -> write(List.of(upper), ManifestFormat.CSV, false))
                .hasMessageStartingWith("field 'audio.sha256': expected 64 lower-case hex characters, got '");
        assertThatThrownBy(() -> write(List.of(reserved), ManifestFormat.JSONL, false))
                .hasMessage("field 'audio.path': path is inside .recsync/, which holds recsync's own files: "
                        + "'.recsync/manifest/x.wav'; expected the path of a recording's audio or sidecar");
    }
}
