package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata (user data) edits between two sites that both record (two-way links), through the CLI:
 * an edit at one site reaches the other as a verified replace of the sidecar only, edits at both
 * are settled by the job's policy or left as a conflict, and every replaced version is kept.
 */
class MetadataUpdatesIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant EARLY = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant LATE = Instant.parse("2026-11-21T17:00:00Z");

    @TempDir
    Path tmp;

    RecorderSite a;
    RecorderSite b;
    CliRun cli;
    Path job;

    void setUp(String policy) throws Exception {
        a = new RecorderSite("hq", tmp.resolve("hq"));
        b = new RecorderSite("dr", tmp.resolve("dr"));
        cli = new CliRun(tmp.resolve("home"));
        job = tmp.resolve("job.yml");
        Files.writeString(job, """
                name: twoway
                sites:
                  hq: { connector: %s, priority: 1 }
                  dr: { connector: %s, priority: 2 }
                links:
                  - { from: hq, to: dr }
                  - { from: dr, to: hq }
                conflicts: { policy: %s }
                """.formatted(a.connector(), b.connector(), policy));
    }

    JsonNode sync(int expectedExit) throws Exception {
        CliRun.Result r = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(expectedExit);
        return JSON.readTree(r.lastLine());
    }

    JsonNode conflicts(String... extra) throws Exception {
        String[] args = new String[4 + extra.length];
        System.arraycopy(new String[] {"conflicts", "list", "--format", "json"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    /** One recording made at hq and copied to dr by a first run. */
    UUID shared() throws Exception {
        UUID id = a.record(UUID.randomUUID(), "acme", "support", "x");
        a.record(UUID.randomUUID(), "acme", "sales", "y");
        JsonNode first = sync(0);
        assertThat(first.get("copied").asLong()).isEqualTo(2);
        assertThat(b.live()).isEqualTo(a.live());
        return id;
    }

    static String sha(Path p) throws Exception {
        return Sha256.of(Files.readAllBytes(p));
    }

    @Test
    void anEditAtOneSiteReplacesOnlyTheOtherSitesSidecarAndKeepsTheOldOneInQuarantine() throws Exception {
        setUp("log");
        UUID id = shared();
        byte[] before = Files.readAllBytes(a.sidecar(id));
        String audio = sha(a.audio(id));

        b.edit(id, 2, EARLY, "edited at dr");
        JsonNode run = sync(0);

        assertThat(run.get("copied").asLong()).as("the sidecar, nothing else").isEqualTo(1);
        assertThat(a.note(id)).isEqualTo("edited at dr");
        assertThat(a.live()).isEqualTo(b.live());
        assertThat(sha(a.audio(id))).isEqualTo(audio);
        assertThat(a.quarantine().entrySet()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).startsWith(".recsync/quarantine/acme/support/").endsWith(".json");
            assertThat(e.getValue()).isEqualTo(Sha256.of(before));
        });
        assertThat(b.quarantine()).isEmpty();
        assertThat(Trees.tempFiles(a.root) + Trees.tempFiles(b.root)).isZero();
        assertThat(sync(0).get("planned").asLong()).isZero();

        // The next edit, now at hq, is told apart by the baseline recsync kept, and flows back.
        a.edit(id, 3, LATE, "edited again at hq");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(1);
        assertThat(b.note(id)).isEqualTo("edited again at hq");
        assertThat(b.quarantine()).hasSize(1);
        assertThat(sync(0).get("planned").asLong()).isZero();
        assertThat(conflicts("--status", "all")).isEmpty();
    }

    @Test
    void editsAtBothSitesUnderLogOpenOneConflictAndTouchNeitherSide() throws Exception {
        setUp("log");
        UUID id = shared();
        a.edit(id, 2, EARLY, "hq's note");
        b.edit(id, 2, LATE, "dr's note");
        Map<String, String> hqBefore = a.live();
        Map<String, String> drBefore = b.live();

        JsonNode run = sync(3);

        assertThat(run.get("conflicts").asLong()).isEqualTo(1);
        assertThat(a.live()).isEqualTo(hqBefore);
        assertThat(b.live()).isEqualTo(drBefore);
        assertThat(a.quarantine()).isEmpty();
        JsonNode list = conflicts("--kind", "METADATA_DIFFERS");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("recording").asText()).isEqualTo(id.toString());
        assertThat(list.get(0).get("status").asText()).isEqualTo("OPEN");

        // Nothing changed since: the next run opens nothing new and still touches nothing.
        assertThat(sync(0).get("conflicts").asLong()).isZero();
        assertThat(conflicts()).hasSize(1);
        assertThat(a.live()).isEqualTo(hqBefore);
    }

    @Test
    void priorityKeepsTheBetterSitesEditAndTheLoserIsQuarantinedWhereItWasReplaced() throws Exception {
        setUp("priority");
        UUID id = shared();
        a.edit(id, 2, EARLY, "hq's note");
        b.edit(id, 2, LATE, "dr's note");
        String drEdit = sha(b.sidecar(id));

        JsonNode run = sync(0);

        assertThat(run.get("conflicts").asLong()).as("settled by policy: nothing left to review").isZero();
        assertThat(b.note(id)).isEqualTo("hq's note");
        assertThat(a.live()).isEqualTo(b.live());
        assertThat(b.quarantine().values()).containsExactly(drEdit);
        JsonNode settled = conflicts("--status", "resolved");
        assertThat(settled).hasSize(1);
        assertThat(settled.get(0).get("resolvedBy").asText()).isEqualTo("policy:priority");
        assertThat(sync(0).get("planned").asLong()).isZero();
    }

    @Test
    void newestKeepsTheLaterEditWhicheverSiteMadeIt() throws Exception {
        setUp("newest");
        UUID id = shared();
        a.edit(id, 2, EARLY, "hq's note");
        b.edit(id, 2, LATE, "dr's note");
        String hqEdit = sha(a.sidecar(id));

        sync(0);

        assertThat(a.note(id)).isEqualTo("dr's note");
        assertThat(a.live()).isEqualTo(b.live());
        assertThat(a.quarantine().values()).containsExactly(hqEdit);
    }

    @Test
    void keepBothLeavesTheLoserBesideTheWinnerAndTheCopyIsNeverTakenForARecording() throws Exception {
        setUp("keep-both");
        UUID id = shared();
        a.edit(id, 2, EARLY, "hq's note");
        b.edit(id, 2, LATE, "dr's note");
        String hqEdit = sha(a.sidecar(id));

        sync(0);

        assertThat(a.note(id)).isEqualTo("dr's note");
        String base = RecorderSite.base(id, "acme", "support");
        String drEdit = sha(b.sidecar(id));
        assertThat(a.live()).containsEntry(base + ".json", drEdit);
        assertThat(a.live().entrySet()).filteredOn(e -> e.getKey().matches(
                java.util.regex.Pattern.quote(base) + "\\.conflict-hq-[0-9]{8}T[0-9]{6}Z\\.json"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo(hqEdit));
        assertThat(a.quarantine().values()).containsExactly(hqEdit);
        // The copy beside is not a recording: the next run plans nothing (it is not copied to dr).
        assertThat(sync(0).get("planned").asLong()).isZero();
    }

    @Test
    void differentAudioUnderOneIdIsAlwaysAConflictAndNoAudioIsReplaced() throws Exception {
        setUp("newest");
        UUID id = UUID.randomUUID();
        a.record(id, "acme", "support", "one call");
        b.record(id, "acme", "support", "another call");
        Map<String, String> hqBefore = a.live();
        Map<String, String> drBefore = b.live();

        JsonNode run = sync(3);

        assertThat(run.get("conflicts").asLong()).isEqualTo(1);
        assertThat(a.live()).isEqualTo(hqBefore);
        assertThat(b.live()).isEqualTo(drBefore);
        assertThat(conflicts("--kind", "AUDIO_DIFFERS")).hasSize(1);
    }
}
