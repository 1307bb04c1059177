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

    /** A shared recording then edited at both sites: hq early, dr late. */
    UUID editedAtBoth() throws Exception {
        UUID id = shared();
        a.edit(id, 2, EARLY, "hq's note");
        b.edit(id, 2, LATE, "dr's note");
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
        // The ledger says what replaced what, and where the replaced sidecar went (README "Evidence").
        String quarantined = a.quarantine().keySet().iterator().next();
        try (java.sql.Connection c = LedgerKillIT.h2(tmp.resolve("home")); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT recording_id, site, path, sha256, detail FROM ledger_entry"
                        + " WHERE kind = 'REPLACEMENT'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(id);
            assertThat(rs.getString(2)).isEqualTo("hq");
            assertThat(rs.getString(3)).isEqualTo(a.root.relativize(a.sidecar(id)).toString());
            assertThat(rs.getString(4)).isEqualTo(sha(a.sidecar(id)));
            assertThat(rs.getString(5)).isEqualTo(quarantined);
            assertThat(rs.next()).isFalse();
        }
        CliRun.Result ledger = cli.run("ledger", "verify", "--job", job.toString());
        assertThat(ledger.exit()).as(ledger.toString()).isEqualTo(12);
        assertThat(ledger.out()).doesNotContain("FOUND database").contains("site hq: ").contains("site dr: ");
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
    void aReviewedPlanCarriesAMetadataUpdateAndRunsItAsReviewed() throws Exception {
        setUp("log");
        UUID id = shared();
        String hqBefore = sha(a.sidecar(id));
        b.edit(id, 2, EARLY, "edited at dr");
        Path plan = tmp.resolve("plan.jsonl");

        CliRun.Result out = cli.run("sync", "--job", job.toString(), "--plan-out", plan.toString());
        assertThat(out.exit()).as(out.toString()).isZero();
        java.util.List<String> lines = Files.readAllLines(plan);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(1)).get("replacesMetadata").asText()).isEqualTo(hqBefore);
        assertThat(out.out()).contains("would update metadata dr->hq  " + RecorderSite.base(id, "acme", "support") + ".json");
        assertThat(a.note(id)).as("a dry run writes nothing").isEqualTo("recorded at hq");

        CliRun.Result in = cli.run("sync", "--job", job.toString(), "--plan-in", plan.toString(), "--json");
        assertThat(in.exit()).as(in.toString()).isZero();
        assertThat(a.note(id)).isEqualTo("edited at dr");
        assertThat(a.quarantine().values()).containsExactly(hqBefore);
    }

    @Test
    void editsAtBothSitesUnderLogOpenOneConflictAndTouchNeitherSide() throws Exception {
        setUp("log");
        UUID id = editedAtBoth();
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
        UUID id = editedAtBoth();
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
        UUID id = editedAtBoth();
        String hqEdit = sha(a.sidecar(id));

        sync(0);

        assertThat(a.note(id)).isEqualTo("dr's note");
        assertThat(a.live()).isEqualTo(b.live());
        assertThat(a.quarantine().values()).containsExactly(hqEdit);
    }

    @Test
    void keepBothLeavesTheLoserBesideTheWinnerAndTheCopyIsNeverTakenForARecording() throws Exception {
        setUp("keep-both");
        UUID id = editedAtBoth();
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

    /** Recordings both sites hold, each then edited differently at both: one open conflict each. */
    java.util.List<UUID> conflicted(int n) throws Exception {
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(a.record(UUID.randomUUID(), "acme", "support", "call " + i));
        }
        sync(0);
        for (UUID id : ids) {
            a.edit(id, 2, EARLY, "hq's note on " + id);
            b.edit(id, 2, LATE, "dr's note on " + id);
        }
        assertThat(sync(3).get("conflicts").asLong()).isEqualTo(n);
        return ids;
    }

    /** `conflicts resolve` of the recording's conflict with this job file, plus {@code extra} options. */
    CliRun.Result resolve(UUID recording, String keep, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("conflicts", "resolve",
                String.valueOf(conflictId(recording)), "--keep", keep, "--job", job.toString()));
        args.addAll(java.util.List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    long conflictId(UUID recording) throws Exception {
        for (JsonNode c : conflicts("--status", "all")) {
            if (c.get("recording").asText().equals(recording.toString())) {
                return c.get("id").asLong();
            }
        }
        throw new AssertionError("no conflict for " + recording);
    }

    @Test
    void showPutsBothSidesSideBySideWithTheMetadataFieldsThatDiffer() throws Exception {
        setUp("log");
        UUID id = conflicted(1).get(0);
        long cid = conflictId(id);

        CliRun.Result show = cli.run("conflicts", "show", String.valueOf(cid), "--job", job.toString());

        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.out()).contains("METADATA_DIFFERS", "source: hq", "target: dr", "version", "updatedAt",
                EARLY.toString(), LATE.toString(), sha(a.sidecar(id)), sha(b.sidecar(id)));
        assertThat(show.out()).containsPattern("note\\s+\"hq's note on " + id + "\"\\s+\"dr's note on " + id + "\"");
        assertThat(show.out()).containsPattern("updatedAt\\s+\"" + EARLY + "\"\\s+\"" + LATE + "\"");
        assertThat(show.out()).doesNotContain("tenant  ");

        CliRun.Result bare = cli.run("conflicts", "show", String.valueOf(cid));
        assertThat(bare.out()).contains("add --job FILE").doesNotContain("hq's note");

        CliRun.Result csv = cli.run("conflicts", "list", "--format", "csv", "--kind", "metadata_differs");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out().lines().toList()).hasSize(2);
        assertThat(csv.out()).startsWith("id,job,kind,status,recording").contains(id.toString());
        CliRun.Result none = cli.run("conflicts", "list", "--tenant", "globex");
        assertThat(none.out()).contains("No open conflicts.");
    }

    @Test
    void resolveKeepSourcePutsTheSourcesMetadataInPlaceKeepsTheOtherAndTheNextRunAgrees() throws Exception {
        setUp("log");
        UUID id = conflicted(1).get(0);
        String drEdit = sha(b.sidecar(id));
        String audio = sha(b.audio(id));

        CliRun.Result r = resolve(id, "source", "--note", "supervisor confirmed hq");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("dr: replaced", ".recsync/quarantine/");
        assertThat(b.note(id)).isEqualTo("hq's note on " + id);
        assertThat(b.quarantine().values()).containsExactly(drEdit);
        assertThat(sha(b.audio(id))).isEqualTo(audio);
        // A person's resolution is chained too (run 0), and dr's copy of the ledger has it at once.
        try (java.sql.Connection conn = LedgerKillIT.h2(tmp.resolve("home")); java.sql.Statement st = conn.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT recording_id, site, sha256, detail, execution_id, seq"
                        + " FROM ledger_entry WHERE kind = 'REPLACEMENT'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(id);
            assertThat(rs.getString(2)).isEqualTo("dr");
            assertThat(rs.getString(3)).isEqualTo(sha(b.sidecar(id)));
            assertThat(rs.getString(4)).isEqualTo(b.quarantine().keySet().iterator().next());
            assertThat(rs.getLong(5)).isZero();
            assertThat(Files.readString(b.root.resolve(".recsync/ledger/twoway/head-" + String.format("%012d",
                    rs.getLong(6)) + ".json"))).contains("\"seq\":" + rs.getLong(6));
        }
        JsonNode c = conflicts("--status", "resolved").get(0);
        assertThat(c.get("resolution").asText()).isEqualTo("source");
        assertThat(c.get("resolvedBy").asText()).isEqualTo(System.getProperty("user.name"));
        JsonNode next = sync(0);
        assertThat(next.get("planned").asLong()).isZero();
        assertThat(a.live()).isEqualTo(b.live());

        CliRun.Result again = resolve(id, "target");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("is already resolved");
    }

    @Test
    void resolveKeepBothLeavesTheTargetsLiveAtBothSitesWithTheSourcesBesideAndNothingMovesAfterwards() throws Exception {
        setUp("log");
        UUID id = conflicted(1).get(0);
        String hqEdit = sha(a.sidecar(id));
        String drEdit = sha(b.sidecar(id));

        CliRun.Result r = resolve(id, "both");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(sha(a.sidecar(id))).as("the target's is live at both sites").isEqualTo(drEdit);
        assertThat(sha(b.sidecar(id))).isEqualTo(drEdit);
        for (RecorderSite site : java.util.List.of(a, b)) {
            assertThat(site.live().entrySet()).as("hq's beside it at " + site.name)
                    .filteredOn(e -> e.getKey().contains(".conflict-")).singleElement().satisfies(e -> {
                        assertThat(e.getKey()).contains(".conflict-hq-");
                        assertThat(e.getValue()).isEqualTo(hqEdit);
                    });
        }
        assertThat(a.quarantine().values()).containsExactly(hqEdit);
        JsonNode next = sync(0);
        assertThat(next.get("planned").asLong()).isZero();
        assertThat(next.get("conflicts").asLong()).isZero();
    }

    @Test
    void resolveAllAsksFirstAndSettlesEveryConflictOfTheKindOnlyWhenConfirmed() throws Exception {
        setUp("log");
        java.util.List<UUID> ids = conflicted(3);

        CliRun.Result declined = cli.input("n\n").run("conflicts", "resolve", "--all", "--kind", "METADATA_DIFFERS",
                "--keep", "target", "--job", job.toString());
        assertThat(declined.exit()).as(declined.toString()).isEqualTo(2);
        assertThat(declined.out()).contains("Resolve 3 conflict(s), keeping target on the sites? [y/N]", "Nothing done.");
        assertThat(conflicts()).hasSize(3);
        assertThat(a.note(ids.get(0))).startsWith("hq's");

        CliRun.Result bulk = cli.input("").run("conflicts", "resolve", "--all", "--kind", "METADATA_DIFFERS", "--keep",
                "target", "--yes", "--job", job.toString());
        assertThat(bulk.exit()).as(bulk.toString()).isZero();
        assertThat(conflicts()).isEmpty();
        for (UUID id : ids) {
            assertThat(a.note(id)).isEqualTo("dr's note on " + id);
        }
        assertThat(a.quarantine()).hasSize(3);
        assertThat(sync(0).get("planned").asLong()).isZero();
        assertThat(a.live()).isEqualTo(b.live());
    }

    @Test
    void anAudioConflictKeptBothLeavesTheTargetsAudioAndPutsTheSourcesBesideIt() throws Exception {
        setUp("log");
        UUID id = UUID.randomUUID();
        a.record(id, "acme", "support", "one call");
        b.record(id, "acme", "support", "another call");
        sync(3);
        JsonNode c = conflicts("--kind", "AUDIO_DIFFERS").get(0);
        String target = c.get("target").asText();
        RecorderSite kept = target.equals("hq") ? a : b;
        RecorderSite other = kept == a ? b : a;
        String keptAudio = sha(kept.audio(id));

        CliRun.Result r = cli.run("conflicts", "resolve", c.get("id").asText(), "--keep", "both", "--job", job.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(sha(kept.audio(id))).isEqualTo(keptAudio);
        assertThat(kept.live().entrySet()).filteredOn(e -> e.getKey().endsWith(".wav") && e.getKey().contains(".conflict-"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo(sha(other.audio(id))));
        assertThat(sync(0).get("conflicts").asLong()).isZero();
    }

    /**
     * Split brain: the link is down for a while, both sites record new calls and edit metadata,
     * some of it the same recording; then one two-way run.
     */
    void splitBrain(String policy, int expectedExit) throws Exception {
        setUp(policy);
        java.util.List<UUID> shared = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            shared.add(a.record(UUID.randomUUID(), i % 2 == 0 ? "acme" : "globex", "support", "shared " + i));
        }
        sync(0);
        // The link is down: no runs. Both sites keep recording and editing.
        java.util.List<UUID> newAtHq = new java.util.ArrayList<>();
        java.util.List<UUID> newAtDr = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            newAtHq.add(a.record(UUID.randomUUID(), "acme", "sales", "hq new " + i));
        }
        for (int i = 0; i < 4; i++) {
            newAtDr.add(b.record(UUID.randomUUID(), "globex", "sales", "dr new " + i));
        }
        a.edit(shared.get(0), 2, EARLY, "only hq edited this");
        a.edit(shared.get(1), 2, EARLY, "hq's side of a disputed edit");
        b.edit(shared.get(1), 2, LATE, "dr's side of a disputed edit");
        b.edit(shared.get(2), 2, LATE, "only dr edited this");
        a.edit(newAtHq.get(0), 2, EARLY, "hq edited its own new call");
        // Every version of every sidecar that exists when the link comes back.
        java.util.Set<String> everySidecar = new java.util.HashSet<>();
        for (RecorderSite site : java.util.List.of(a, b)) {
            site.live().forEach((path, hash) -> {
                if (path.endsWith(".json")) {
                    everySidecar.add(hash);
                }
            });
        }

        JsonNode run = sync(expectedExit);

        // Every new recording is at both sites, audio and metadata, byte for byte.
        for (UUID id : newAtHq) {
            assertThat(sha(b.audio(id))).isEqualTo(sha(a.audio(id)));
            assertThat(sha(b.sidecar(id))).isEqualTo(sha(a.sidecar(id)));
        }
        for (UUID id : newAtDr) {
            assertThat(sha(a.audio(id))).isEqualTo(sha(b.audio(id)));
        }
        assertThat(a.note(newAtHq.get(0))).isEqualTo("hq edited its own new call");
        // Edits made at one site only went to the other.
        assertThat(b.note(shared.get(0))).isEqualTo("only hq edited this");
        assertThat(a.note(shared.get(2))).isEqualTo("only dr edited this");
        // Nothing lost: every version that existed is live at a site or in a site's quarantine.
        java.util.Set<String> kept = new java.util.HashSet<>();
        for (RecorderSite site : java.util.List.of(a, b)) {
            kept.addAll(site.live().values());
            kept.addAll(site.quarantine().values());
        }
        assertThat(kept).containsAll(everySidecar);
        assertThat(run.get("failed").asLong()).isZero();
    }

    @Test
    void splitBrainUnderNewestBringsEverythingTogetherAndTheLaterOfTwoEditsWins() throws Exception {
        splitBrain("newest", 0);
        assertThat(a.live()).isEqualTo(b.live());
        assertThat(conflicts()).isEmpty();
        assertThat(sync(0).get("planned").asLong()).isZero();
    }

    @Test
    void splitBrainUnderLogBringsEverythingElseTogetherAndOpensOnlyTheDisputedEdit() throws Exception {
        splitBrain("log", 3);
        JsonNode open = conflicts();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("kind").asText()).isEqualTo("METADATA_DIFFERS");
        Map<String, String> hq = a.live();
        Map<String, String> dr = b.live();
        assertThat(hq.keySet()).isEqualTo(dr.keySet());
        assertThat(hq.entrySet()).filteredOn(e -> !e.getValue().equals(dr.get(e.getKey()))).singleElement()
                .satisfies(e -> assertThat(e.getKey()).endsWith(".json"));
    }
}
