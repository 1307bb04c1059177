package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly run with nothing new does not diff the archive again, and never skips anything it
 * should not: every change a plan depends on (new recordings, an edit, a job file change, a
 * failed item, a resync) makes the next run plan in full.
 */
class PlanReuseIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNCHANGED = "nothing changed since the completed plan";
    static final String CHANGED_ONLY = "only recordings whose index rows changed since run";

    @TempDir
    Path tmp;

    RecorderSite hq;
    RecorderSite dr;
    CliRun cli;
    Path job;

    void setUp(String filter) throws Exception {
        hq = new RecorderSite("hq", tmp.resolve("hq"));
        dr = new RecorderSite("dr", tmp.resolve("dr"));
        cli = new CliRun(tmp.resolve("home"));
        job = tmp.resolve("job.yml");
        writeJob(filter);
    }

    void writeJob(String filter) throws Exception {
        Files.writeString(job, """
                name: nightly
                sites:
                  hq: { connector: %s }
                  dr: { connector: %s }
                links:
                  - { from: hq, to: dr%s }
                """.formatted(hq.connector(), dr.connector(), filter));
    }

    JsonNode sync(String... extra) throws Exception {
        String[] args = new String[4 + extra.length];
        System.arraycopy(new String[] {"sync", "--job", job.toString(), "--json"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isIn(0, 4);
        return JSON.readTree(r.lastLine());
    }

    String dryRun() {
        CliRun.Result r = cli.run("sync", "--job", job.toString(), "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void anUnchangedNightlyIsNotPlannedAgainButEveryChangeIs() throws Exception {
        setUp("");
        for (int i = 0; i < 3; i++) {
            hq.record(UUID.randomUUID(), "acme", "support", "call " + i);
        }
        assertThat(sync().get("copied").asLong()).isEqualTo(3);
        assertThat(dryRun()).as("the copies changed what recsync knows of dr: plan again").doesNotContain(UNCHANGED);
        assertThat(sync().get("planned").asLong()).isZero();

        assertThat(dryRun()).contains(UNCHANGED);
        assertThat(sync().get("planned").asLong()).isZero();

        // A new call at hq: planned and copied, not skipped.
        UUID late = hq.record(UUID.randomUUID(), "acme", "support", "late call");
        assertThat(sync().get("copied").asLong()).isEqualTo(1);
        assertThat(Files.exists(dr.audio(late))).isTrue();
        sync();
        assertThat(dryRun()).contains(UNCHANGED);

        // A metadata edit at hq reaches dr.
        hq.edit(late, 2, Instant.parse("2026-11-30T08:00:00Z"), "edited");
        assertThat(sync().get("copied").asLong()).isEqualTo(1);
        assertThat(dr.note(late)).isEqualTo("edited");
        sync();
        assertThat(dryRun()).contains(UNCHANGED);

        // The job file changes: a different filter is a different plan.
        writeJob(", filter: { tenants: [acme] }");
        assertThat(dryRun()).doesNotContain(UNCHANGED);
        sync();
        assertThat(dryRun()).contains(UNCHANGED);

        // dr loses a file behind recsync's back: a resync plans in full and puts it back.
        Files.delete(dr.audio(late));
        CliRun.Result resync = cli.run("resync", "--job", job.toString(), "--json");
        assertThat(resync.exit()).as(resync.toString()).isZero();
        assertThat(JSON.readTree(resync.lastLine()).get("copied").asLong()).isEqualTo(1);
        assertThat(Files.exists(dr.audio(late))).isTrue();
    }

    /**
     * After a completed plan, a nightly plans only the recordings whose index rows changed (new
     * ones, edited ones, the copies the last run made): among many unchanged recordings, each new
     * and each edited one is still found, and a change no row records (a resync) plans in full.
     */
    @Test
    void aNightlyAfterACompletedPlanPlansOnlyWhatChangedAndFindsAllOfIt() throws Exception {
        setUp("");
        java.util.List<UUID> old = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            old.add(hq.record(UUID.randomUUID(), i % 2 == 0 ? "acme" : "globex", "support", "call " + i));
        }
        assertThat(sync().get("copied").asLong()).isEqualTo(40);
        // The copies are rows stamped by that run: the next plan looks at them only.
        assertThat(dryRun()).contains(CHANGED_ONLY).doesNotContain(UNCHANGED);
        assertThat(sync().get("planned").asLong()).isZero();
        assertThat(dryRun()).contains(UNCHANGED);

        UUID fresh1 = hq.record(UUID.randomUUID(), "acme", "support", "new call 1");
        UUID fresh2 = hq.record(UUID.randomUUID(), "globex", "support", "new call 2");
        hq.edit(old.get(17), 2, Instant.parse("2026-11-30T08:00:00Z"), "edited among many");
        // (No dry run here: its refresh stamps rows as no run's, and the next plan is then in full.)
        JsonNode night = sync();
        assertThat(night.get("planned").asLong()).as(night.toString()).isEqualTo(3);
        assertThat(night.get("copied").asLong()).as(night.toString()).isEqualTo(3);
        assertThat(Files.exists(dr.audio(fresh1))).isTrue();
        assertThat(Files.exists(dr.audio(fresh2))).isTrue();
        assertThat(dr.note(old.get(17))).isEqualTo("edited among many");
        assertThat(dryRun()).contains(CHANGED_ONLY);
        assertThat(sync().get("planned").asLong()).isZero();

        // A change that no row stamp records (dr loses a file; the resync drops its row): plans in full.
        Files.delete(dr.audio(old.get(3)));
        CliRun.Result resync = cli.run("resync", "--job", job.toString(), "--json");
        assertThat(resync.exit()).as(resync.toString()).isZero();
        assertThat(JSON.readTree(resync.lastLine()).get("copied").asLong()).isEqualTo(1);
        assertThat(Files.exists(dr.audio(old.get(3)))).isTrue();
    }

    @Test
    void aRunWithAFailedItemIsNeverTrustedAsComplete() throws Exception {
        hq = new RecorderSite("hq", tmp.resolve("hq"));
        dr = new RecorderSite("dr", tmp.resolve("dr"));
        cli = new CliRun(tmp.resolve("home"));
        job = tmp.resolve("job.yml");
        // The recorder's manifest lists a call whose audio file is not there: copying it fails.
        Files.createDirectories(hq.root.resolve("manifest"));
        Files.writeString(hq.root.resolve("manifest/hq.jsonl"), "{\"id\":\"" + UUID.randomUUID() + "\",\"tenant\":\"acme\","
                + "\"group\":\"support\",\"recordedAt\":\"2026-11-20T14:03:11Z\",\"audio\":{\"path\":\"acme/missing.wav\","
                + "\"size\":3,\"sha256\":\"" + "ab".repeat(32) + "\"},\"version\":1}\n");
        Files.writeString(job, """
                name: nightly
                sites:
                  hq: { connector: %s, manifest: { source: file, path: manifest/hq.jsonl } }
                  dr: { connector: %s }
                links:
                  - { from: hq, to: dr }
                """.formatted(hq.connector(), dr.connector()));

        for (int run = 1; run <= 3; run++) {
            CliRun.Result r = cli.run("sync", "--job", job.toString(), "--json");
            assertThat(r.exit()).as("run " + run + " still owes the item\n" + r).isEqualTo(4);
            assertThat(JSON.readTree(r.lastLine()).get("failed").asLong()).isEqualTo(1);
        }
        assertThat(dryRun()).doesNotContain(UNCHANGED);
    }

    @Test
    void aFilePutInPlaceByAPersonsResolutionIsPlannedAgainNotSkipped() throws Exception {
        setUp("");
        UUID id = hq.record(UUID.randomUUID(), "acme", "support", "call");
        // dr already has other bytes where the call's sidecar goes.
        Path occupied = dr.root.resolve(RecorderSite.base(id, "acme", "support") + ".json");
        Files.createDirectories(occupied.getParent());
        Files.writeString(occupied, "{\"note\":\"someone else's file\"}");

        CliRun.Result first = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isEqualTo(3);
        // The sidecar is still not at dr: every run plans it again and says what holds it (exit 3),
        // rather than trusting a plan that left it out.
        CliRun.Result held = cli.run("sync", "--job", job.toString(), "--json");
        assertThat(held.exit()).as(held.toString()).isEqualTo(3);
        assertThat(held.out()).contains("1 held by an open conflict: PATH_OCCUPIED");
        assertThat(dryRun()).doesNotContain(UNCHANGED);
        JsonNode c = JSON.readTree(cli.run("conflicts", "list", "--format", "json").out()).get(0);
        assertThat(c.get("kind").asText()).isEqualTo("PATH_OCCUPIED");

        CliRun.Result resolved = cli.run("conflicts", "resolve", c.get("id").asText(), "--keep", "source", "--job",
                job.toString());
        assertThat(resolved.exit()).as(resolved.toString()).isZero();

        JsonNode after = sync();
        assertThat(after.get("planned").asLong()).as("the sidecar now in place is planned and recorded").isEqualTo(1);
        assertThat(after.get("skipped").asLong()).isEqualTo(1);
        assertThat(dr.note(id)).isEqualTo("recorded at hq");
        assertThat(sync().get("planned").asLong()).isZero();
    }
}
