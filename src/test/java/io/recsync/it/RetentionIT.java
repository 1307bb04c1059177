package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.peers.PromText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention and legal hold through the CLI on local sites (README "Evidence"): a recording past a
 * target's retention that the target let go is expired there and not copied back (unless held);
 * a held recording is never replaced, by a policy or by `conflicts resolve`; a held recording a site
 * lacks, and one a source purges soon that no other site holds, are CRITICAL in `status` and in the
 * metrics.
 */
class RetentionIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    RecorderSite hq;
    RecorderSite dr;
    CliRun cli;
    Path job;

    /** The state database: H2 under RECSYNC_HOME here; RetentionPostgresIT gives a PostgreSQL one. */
    String dbUrl() {
        return null;
    }

    void setUp() {
        hq = new RecorderSite("hq", tmp.resolve("hq"));
        dr = new RecorderSite("dr", tmp.resolve("dr"));
        cli = new CliRun(tmp.resolve("home"));
        if (dbUrl() != null) {
            cli.env("RECSYNC_DB_URL", dbUrl());
        }
        job = tmp.resolve("job.yml");
    }

    void writeJob(String drExtra, String hqExtra, String links, String extra) throws Exception {
        Files.writeString(job, """
                name: evidence
                sites:
                  hq: { connector: %s, priority: 1%s }
                  dr: { connector: %s, priority: 2%s }
                links:
                %s
                %s
                """.formatted(hq.connector(), hqExtra, dr.connector(), drExtra, links, extra));
    }

    JsonNode sync(int expectedExit, String... extra) throws Exception {
        return run("sync", expectedExit, extra);
    }

    /** A resync: it re-reads every site, and so finds what a target lost (a sync trusts recsync's own manifest there). */
    JsonNode resync(int expectedExit) throws Exception {
        return run("resync", expectedExit, "--force");
    }

    JsonNode run(String verb, int expectedExit, String... extra) throws Exception {
        String[] args = new String[4 + extra.length];
        System.arraycopy(new String[] {verb, "--job", job.toString(), "--json"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(expectedExit);
        return JSON.readTree(r.lastLine());
    }

    CliRun.Result status(String... extra) {
        String[] args = new String[3 + extra.length];
        System.arraycopy(new String[] {"status", "--job", job.toString()}, 0, args, 0, 3);
        System.arraycopy(extra, 0, args, 3, extra.length);
        return cli.run(args);
    }

    static final String ONE_WAY = "  - { from: hq, to: dr }";

    /**
     * An audit that meets a copy the site let go past its retention calls it expired there, not
     * MISSING, and --repair does not put it back; a legal hold makes the same gap MISSING again.
     */
    @Test
    void anAuditCallsACopyGonePastTheSitesRetentionExpiredAndDoesNotRepairItUnlessHeld() throws Exception {
        setUp();
        UUID old = hq.record(UUID.randomUUID(), "acme", "support", "a");
        writeJob("", "", ONE_WAY, "");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(1);
        Path audio = dr.audio(old);
        Path sidecar = dr.sidecar(old);
        Files.delete(audio);
        Files.delete(sidecar);
        writeJob(", retention: { default: 10d }", "", ONE_WAY, "");

        CliRun.Result audit = cli.run("audit", "--job", job.toString(), "--site", "dr", "--repair");
        assertThat(audit.exit()).as(audit.toString()).isZero();
        assertThat(audit.out()).as(audit.toString()).contains("0 finding(s)").contains("1 expired there")
                .doesNotContain("MISSING");
        assertThat(Files.exists(audio)).as("an expired copy is not restored").isFalse();

        writeJob(", retention: { default: 10d }", "", ONE_WAY, "legalHold: [" + old + "]");
        sync(0); // the run refreshes the job's holds (and, held, copies it back: see the test below)
        Files.deleteIfExists(audio);
        Files.deleteIfExists(sidecar);
        CliRun.Result held = cli.run("audit", "--job", job.toString(), "--site", "dr");
        assertThat(held.exit()).as(held.toString()).isEqualTo(io.recsync.sync.ExitCode.AUDIT_FINDINGS.code());
        assertThat(held.out()).as(held.toString()).contains("MISSING");

        // --held (what cron/recsync@.service runs after every sync): the held recording's copies only.
        // (another recording, at hq only: past dr's retention; a full audit checks 3 copies, --held 2)
        hq.record(UUID.randomUUID(), "keepco", "support", "c");
        sync(0);
        Files.deleteIfExists(audio);
        CliRun.Result onlyHeld = cli.run("audit", "--job", job.toString(), "--held");
        assertThat(onlyHeld.out()).as(onlyHeld.toString()).contains(": 2 copies checked").contains(old.toString());
        CliRun.Result all = cli.run("audit", "--job", job.toString());
        assertThat(all.out()).as(all.toString()).contains(": 3 copies checked");
    }

    @Test
    void aRecordingPastTheTargetsRetentionThatItLetGoIsExpiredThereAndNotCopiedBack() throws Exception {
        setUp();
        UUID old = hq.record(UUID.randomUUID(), "acme", "support", "a");
        UUID kept = hq.record(UUID.randomUUID(), "keepco", "support", "b");
        writeJob("", "", ONE_WAY, "");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(2);

        // dr purges by its own rule: acme after 10 days (the recordings are older), keepco for 100 years.
        Files.delete(dr.audio(old));
        Files.delete(dr.sidecar(old));
        Files.delete(dr.audio(kept));
        Files.delete(dr.sidecar(kept));
        writeJob(", retention: { default: 10d, keepco: 100y }", "", ONE_WAY, "");
        // --force: dr losing every recording is what the site guard stops for.
        JsonNode run = resync(0);

        assertThat(run.get("copied").asLong()).as("only keepco's comes back: " + run).isEqualTo(1);
        assertThat(run.get("expired").get("hq->dr").asLong()).isEqualTo(1);
        assertThat(dr.live().keySet()).noneMatch(p -> p.contains(old.toString())).anyMatch(p -> p.contains(kept.toString()));
        CliRun.Result text = cli.run("sync", "--job", job.toString());
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).contains("expired (past the target's retention: not copied back, not missing): hq->dr 1");
        assertThat(dr.live().keySet()).noneMatch(p -> p.contains(old.toString()));
        CliRun.Result dry = cli.run("sync", "--job", job.toString(), "--dry-run");
        assertThat(dry.out()).as(dry.toString()).contains("hq->dr: 1 recording(s) past the target's retention are expired"
                + " there: not copied back");

        CliRun.Result s = status("--crit-backlog", "1");
        assertThat(s.exit()).as("expired is not backlog: " + s).isZero();
        assertThat(s.out()).startsWith("RECSYNC OK - ").contains(", 1 expired").contains("'expired_hq_dr'=1;;;0")
                .contains("hq->dr: OK, backlog 0").contains("1 expired at dr (past its retention");
        Path prom = tmp.resolve("status.prom");
        assertThat(status("--metrics-file", prom.toString()).exit()).isZero();
        assertThat(PromText.sum(PromText.parse(prom), "recsync_expired_items", Map.of("recsync_job", "evidence",
                "link", "hq->dr"))).isEqualTo(1);

        // A legal hold overrides retention: the held recording is copied back.
        writeJob(", retention: { default: 10d, keepco: 100y }", "", ONE_WAY, "legalHold: [" + old + "]");
        JsonNode held = sync(0);
        assertThat(held.get("copied").asLong()).isEqualTo(1);
        assertThat(held.get("expired").get("hq->dr").asLong()).isZero();
        assertThat(Files.exists(dr.audio(old))).isTrue();
    }

    @Test
    void aHeldRecordingIsNeverReplacedByAPolicyNorByConflictsResolve() throws Exception {
        setUp();
        UUID id = hq.record(UUID.randomUUID(), "acme", "support", "x");
        UUID free = hq.record(UUID.randomUUID(), "acme", "support", "y");
        String twoWay = "  - { from: hq, to: dr }\n  - { from: dr, to: hq }";
        Path holds = tmp.resolve("holds.txt");
        Files.writeString(holds, "# case 2026-117\n" + id + "\n");
        writeJob("", "", twoWay, "conflicts: { policy: newest }\nlegalHold: { file: " + holds + " }");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(2);

        hq.edit(id, 2, Instant.parse("2026-11-21T09:00:00Z"), "hq's note");
        dr.edit(id, 2, Instant.parse("2026-11-21T17:00:00Z"), "dr's note");
        hq.edit(free, 2, Instant.parse("2026-11-21T09:00:00Z"), "hq's note");
        dr.edit(free, 2, Instant.parse("2026-11-21T17:00:00Z"), "dr's note");
        Map<String, String> hqBefore = hq.live();
        JsonNode run = sync(3);

        assertThat(hq.note(id)).as("policy newest would have replaced hq's; the hold keeps it").isEqualTo("hq's note");
        assertThat(dr.note(id)).isEqualTo("dr's note");
        assertThat(hq.note(free)).as("the recording not held is settled by the policy").isEqualTo("dr's note");
        assertThat(run.get("conflicts").asLong()).isEqualTo(1);
        JsonNode open = JSON.readTree(cli.run("conflicts", "list", "--format", "json").out());
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("recording").asText()).isEqualTo(id.toString());
        String conflictId = open.get(0).get("id").asText();

        for (String keep : new String[] {"source", "target", "both"}) {
            CliRun.Result r = cli.run("conflicts", "resolve", conflictId, "--keep", keep, "--job", job.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err() + r.out()).contains("recording " + id + " is on legal hold (holds.txt:2")
                    .contains("Nothing was changed");
        }
        assertThat(hq.note(id)).isEqualTo("hq's note");
        assertThat(dr.note(id)).isEqualTo("dr's note");
        assertThat(hq.live().get(hqBefore.keySet().stream().filter(p -> p.endsWith(id + ".json")).findFirst().orElseThrow()))
                .isEqualTo(hqBefore.entrySet().stream().filter(e -> e.getKey().endsWith(id + ".json")).findFirst()
                        .orElseThrow().getValue());
        assertThat(sync(0).get("copied").asLong()).as("a later run does not replace it either").isZero();
        assertThat(hq.note(id)).isEqualTo("hq's note");
    }

    @Test
    void aHeldRecordingMissingAtASiteIsCriticalInStatusAndTheMetrics() throws Exception {
        setUp();
        UUID id = hq.record(UUID.randomUUID(), "acme", "support", "x");
        hq.record(UUID.randomUUID(), "acme", "support", "y");
        UUID nowhere = UUID.randomUUID();
        writeJob("", "", ONE_WAY, "legalHold:\n  ids: [" + nowhere + "]\n  select:\n    - { tenant: acme, group: support }");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(2);
        CliRun.Result first = status();
        assertThat(first.exit()).as(first.toString()).isEqualTo(2);
        assertThat(first.out()).contains("legal hold: CRITICAL, 1 held recording(s) missing {every site=1}")
                .contains(nowhere + " at every site (legalHold.ids[0])");

        writeJob("", "", ONE_WAY, "legalHold:\n  select:\n    - { tenant: acme, group: support }");
        assertThat(sync(0).get("copied").asLong()).isZero();
        assertThat(status().exit()).as("every held recording at every site").isZero();

        // The recorder purged it and dr lost it: the index says no site has it any more.
        Files.delete(hq.audio(id));
        Files.delete(hq.sidecar(id));
        Files.delete(dr.audio(id));
        Files.delete(dr.sidecar(id));
        CliRun.Result afterLoss = cli.run("resync", "--job", job.toString(), "--force");
        assertThat(afterLoss.exit()).as(afterLoss.toString()).isZero();
        assertThat(afterLoss.err()).as("the run checks its holds too").contains("recsync: legal hold: CRITICAL, 1 held"
                + " recording(s) missing {dr=1}");
        CliRun.Result s = status();
        assertThat(s.exit()).as(s.toString()).isEqualTo(2);
        assertThat(s.out()).startsWith("RECSYNC CRITICAL - ").contains("1 held recording(s) missing")
                .contains("legal hold: CRITICAL, 1 held recording(s) missing {dr=1}")
                .contains(id + " at dr (legalHold.select[0] (tenant acme, group support))").contains("'held_missing'=1;;1;0");
        JsonNode json = JSON.readTree(status("--format", "json").out());
        assertThat(json.get("legalHold").get("missing").get(0).get("recording").asText()).isEqualTo(id.toString());
        Path prom = tmp.resolve("held.prom");
        assertThat(status("--metrics-file", prom.toString()).exit()).isEqualTo(2);
        assertThat(PromText.sum(PromText.parse(prom), "recsync_legal_hold_missing_items", Map.of("recsync_job", "evidence",
                "site", "dr"))).isEqualTo(1);
        assertThat(PromText.sum(PromText.parse(prom), "recsync_legal_hold_items", Map.of("recsync_job", "evidence")))
                .isEqualTo(2);
    }

    @Test
    void recordingsASourcePurgesSoonThatNoOtherSiteHoldsAreCritical() throws Exception {
        setUp();
        hq.record(UUID.randomUUID(), "acme", "support", "x");
        UUID unsent = hq.record(UUID.randomUUID(), "globex", "support", "y");
        // hq purges 3 days from now what RecorderSite recorded; only acme goes to dr.
        long days = Duration.between(RecorderSite.RECORDED, Instant.now()).toDays() + 3;
        String link = "  - { from: hq, to: dr, filter: { tenants: [acme] } }";
        writeJob("", ", purgeAfter: " + days + "d", link, "");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(1);

        CliRun.Result s = status();
        assertThat(s.exit()).as(s.toString()).isEqualTo(2);
        assertThat(s.out()).startsWith("RECSYNC CRITICAL - ").contains("1 about to be purged at no other site")
                .contains("purge at hq: CRITICAL, 1 recording(s) that hq purges within 7d (purgeAfter " + days + "d")
                .contains("[" + unsent + "]").contains("'purge_at_risk'=1;;1;0");
        Path prom = tmp.resolve("purge.prom");
        status("--metrics-file", prom.toString());
        assertThat(PromText.sum(PromText.parse(prom), "recsync_purge_at_risk_items", Map.of("recsync_job", "evidence",
                "site", "hq"))).isEqualTo(1);

        writeJob("", ", purgeAfter: " + days + "d", link, "purgeAlarm: 1d");
        assertThat(status().exit()).as("3 days away is outside a 1-day alarm").isZero();
        writeJob("", ", purgeAfter: " + days + "d", "  - { from: hq, to: dr }", "");
        assertThat(sync(0).get("copied").asLong()).isEqualTo(1);
        assertThat(status().exit()).as("at dr now: safe from hq's purge").isZero();
    }
}
