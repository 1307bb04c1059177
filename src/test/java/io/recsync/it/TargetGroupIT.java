package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.peers.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target groups end to end (issue 14): copies go to the preferred member over real OpenSSH, to
 * {@code cold} while it is down, and fill it when it is back; weights split 2,000 recordings; a
 * rerun moves nothing. Every check is on the bytes at the sites, the exit codes and what
 * {@code status}, {@code report} and {@code jobs show} print.
 */
class TargetGroupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "\"{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}\"";

    @TempDir
    Path tmp;

    private OpenSshServer sshd;

    @AfterEach
    void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static String local(Path root) {
        return "{ type: local, root: \"" + root + "\" }";
    }

    private Path job(String sites, String to) throws IOException {
        Path job = tmp.resolve("groups.yml");
        Files.writeString(job, "name: groups\nsites:\n  hq:\n    connector: " + local(tmp.resolve("hq")) + "\n"
                + "    manifest: { source: scan, template: " + TEMPLATE + " }\n    mode: ro\n" + sites
                + "links:\n  - from: hq\n    to: " + to + "\n" + moreJob());
        jobWritten(job);
        return job;
    }

    /** More of the job file (TargetGroupWorkersIT: its workers block); none here. */
    String moreJob() {
        return "";
    }

    /** Called once the test's job file is written (TargetGroupWorkersIT starts its workers on it). */
    void jobWritten(Path job) throws IOException {
    }

    /** The state database's arguments: none for H2 under the home; TargetGroupPostgresIT gives its URL. */
    List<String> dbArgs() {
        return List.of();
    }

    private CliRun.Result run(CliRun cli, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(dbArgs());
        CliRun.Result r = cli.run(all.toArray(String[]::new));
        if (args[0].equals("sync") && !all.contains("--dry-run")) {
            afterRun(r);
        }
        return r;
    }

    /** Checks each sync's output further (TargetGroupWorkersIT: its workers did the copying); nothing here. */
    void afterRun(CliRun.Result r) {
    }

    private static JsonNode summary(CliRun.Result r) throws IOException {
        return JSON.readTree(r.lastLine());
    }

    /** The source's files that belong to {@code ids} (audio and sidecar), path -> SHA-256. */
    private static Map<String, String> filesOf(Map<String, String> all, Set<UUID> ids) {
        Map<String, String> out = new TreeMap<>();
        all.forEach((path, sha) -> {
            if (ids.stream().anyMatch(id -> path.contains(id.toString()))) {
                out.put(path, sha);
            }
        });
        return out;
    }

    @Test
    void copiesFailOverToColdWhileThePreferredSftpServerIsDownAndFillItWhenItIsBack() throws Exception {
        OpenSshServer.requireInstalled();
        sshd = OpenSshServer.start(tmp.resolve("sshd"));
        Path dr1 = Files.createDirectories(tmp.resolve("served/dr1"));
        Path cold = Files.createDirectories(tmp.resolve("cold"));
        String sftp = "{ type: sftp, host: " + sshd.host() + ", port: " + sshd.port() + ", username: " + sshd.username()
                + ", privateKeyFile: \"" + sshd.clientKeyFile() + "\", root: \"" + dr1 + "\", knownHostsFile: \""
                + sshd.knownHostsFile() + "\" }";
        Path job = job("  dr1:\n    connector: " + sftp + "\n  cold:\n    connector: " + local(cold) + "\n",
                "[ { site: dr1, priority: 10 }, { site: cold, priority: 20 } ]");
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Set<UUID> before = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            before.add(hq.record(UUID.randomUUID(), "acme", "support", "a" + i));
        }
        CliRun cli = new CliRun(tmp.resolve("home"));

        CliRun.Result up = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(summary(up).get("copied").asLong()).isEqualTo(20);
        assertThat(Trees.hashes(dr1)).isEqualTo(Trees.hashes(hq.root));
        assertThat(Trees.hashes(cold)).as("cold is used only while dr1 is down").isEmpty();

        Set<UUID> during = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            during.add(hq.record(UUID.randomUUID(), "acme", "support", "b" + i));
        }
        sshd.stop();
        CliRun.Result dry = run(cli, "sync", "--job", job.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.err()).contains("target group member 'dr1' is unreachable");
        assertThat(dry.out()).contains("Would copy 15 item(s)");
        CliRun.Result down = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(summary(down).get("copied").asLong()).isEqualTo(15);
        assertThat(down.err()).contains("target group member 'dr1' is unreachable");
        assertThat(Trees.hashes(cold)).as("the recordings of the outage, verified, on cold")
                .isEqualTo(filesOf(Trees.hashes(hq.root), during));
        CliRun.Result status = run(cli, "status", "--job", job.toString());
        assertThat(status.out()).as(status.toString()).contains("hq->dr1: OK, backlog 15")
                .contains("group hq->[dr1,cold]: dr1 20, cold 0 + 15 as fallback");
        String outageRun = summary(down).get("runId").asText();
        CliRun.Result report = run(cli, "report", "--run", outageRun);
        assertThat(report.out()).as(report.toString()).contains("Target groups").containsPattern(
                "hq->\\[dr1,cold\\]\\s+hq->cold\\s+cold\\s+15\\s+15");

        Path html = tmp.resolve("outage.html");
        assertThat(run(cli, "report", "--run", outageRun, "--html", html.toString()).exit()).isZero();
        assertThat(Files.readString(html)).contains("id=\"target-groups\"").contains("hq-&gt;[dr1,cold]");

        sshd.restart();
        CliRun.Result back = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(summary(back).get("copied").asLong()).as("dr1 is filled with what it missed").isEqualTo(15);
        assertThat(Trees.hashes(dr1)).as("every recording at dr1, each file's SHA-256 the source's")
                .isEqualTo(Trees.hashes(hq.root));
        assertThat(Trees.hashes(cold)).as("the fallback copies stay (no release)").isEqualTo(filesOf(Trees.hashes(hq.root), during));
        assertThat(run(cli, "status", "--job", job.toString()).out()).contains("hq->dr1: OK, backlog 0")
                .contains("group hq->[dr1,cold]: dr1 35, cold 0 + 15 as fallback");

        CliRun.Result again = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(summary(again).get("copied").asLong()).isZero();
    }

    @Test
    void whileDr1IsDownItsShareGoesToDr2OfTheSamePriorityNotToCold() throws Exception {
        OpenSshServer.requireInstalled();
        sshd = OpenSshServer.start(tmp.resolve("sshd"));
        Path dr1 = Files.createDirectories(tmp.resolve("served/dr1"));
        Path dr2 = Files.createDirectories(tmp.resolve("dr2"));
        Path cold = Files.createDirectories(tmp.resolve("cold"));
        Path job = job("  dr1:\n    connector: " + sftp(dr1, sshd.username()) + "\n  dr2:\n    connector: " + local(dr2)
                + "\n  cold:\n    connector: " + local(cold) + "\n", "[ { site: dr1, priority: 10, weight: 60 },"
                + " { site: dr2, priority: 10, weight: 40 }, { site: cold, priority: 20 } ]");
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            ids.add(hq.record(UUID.randomUUID(), "acme", "support", "s" + i));
        }
        CliRun cli = new CliRun(tmp.resolve("home"));
        sshd.stop();
        CliRun.Result down = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(summary(down).get("copied").asLong()).isEqualTo(40);
        assertThat(Trees.hashes(dr2)).as("all of them on dr2, dr1's share as a fallback").isEqualTo(Trees.hashes(hq.root));
        assertThat(Trees.hashes(cold)).as("cold only while every priority-10 member is down").isEmpty();
        String line = run(cli, "status", "--job", job.toString()).out().lines().filter(l -> l.startsWith("group "))
                .findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("dr2 (\\d+) \\+ (\\d+) as fallback").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        long owedToDr1 = Long.parseLong(m.group(2));
        assertThat(Long.parseLong(m.group(1)) + owedToDr1).isEqualTo(40);
        assertThat(owedToDr1).isPositive();

        sshd.restart();
        CliRun.Result back = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(summary(back).get("copied").asLong()).as("dr1 gets exactly its share").isEqualTo(owedToDr1);
        assertThat(Trees.hashes(dr1).keySet().stream().filter(p -> p.endsWith(".wav")).count()).isEqualTo(owedToDr1);
        Map<String, String> source = Trees.hashes(hq.root);
        Trees.hashes(dr1).forEach((p, sha) -> assertThat(sha).as(p).isEqualTo(source.get(p)));
        assertThat(Trees.hashes(dr2)).as("the fallback copies stay").isEqualTo(source);
        assertThat(Trees.hashes(cold)).isEmpty();
    }

    @Test
    void aMemberThatRefusesTheLoginIsNotFailedOverAndAGroupWhollyDownFailsTheRun() throws Exception {
        OpenSshServer.requireInstalled();
        sshd = OpenSshServer.start(tmp.resolve("sshd"));
        Path dr1 = Files.createDirectories(tmp.resolve("served/dr1"));
        Path dr2 = Files.createDirectories(tmp.resolve("served/dr2"));
        Path cold = Files.createDirectories(tmp.resolve("cold"));
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        for (int i = 0; i < 5; i++) {
            hq.record(UUID.randomUUID(), "acme", "support", "c" + i);
        }
        CliRun cli = new CliRun(tmp.resolve("home"));

        // A login refused is a configuration to fix, not an outage: copying to cold would hide it.
        Path refused = job("  dr1:\n    connector: " + sftp(dr1, "nobody-" + UUID.randomUUID().toString().substring(0, 8))
                + "\n  cold:\n    connector: " + local(cold) + "\n", "[ { site: dr1, priority: 10 }, { site: cold, priority: 20 } ]");
        CliRun.Result r = run(cli, "sync", "--job", refused.toString(), "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("is unreachable");
        assertThat(Trees.hashes(cold)).isEmpty();

        // Every member down: nowhere to copy to, the run fails as a down target fails it (exit 1).
        Path bothSftp = job("  dr1:\n    connector: " + sftp(dr1, sshd.username()) + "\n  dr2:\n    connector: "
                + sftp(dr2, sshd.username()) + "\n", "[ { site: dr1, priority: 10 }, { site: dr2, priority: 20 } ]");
        sshd.stop();
        CliRun.Result down = run(new CliRun(tmp.resolve("home2")), "sync", "--job", bothSftp.toString(), "--json");
        assertThat(down.exit()).as(down.toString()).isEqualTo(1);
        assertThat(Trees.hashes(dr1)).isEmpty();
        assertThat(Trees.hashes(dr2)).isEmpty();
    }

    private String sftp(Path root, String user) {
        return "{ type: sftp, host: " + sshd.host() + ", port: " + sshd.port() + ", username: " + user
                + ", privateKeyFile: \"" + sshd.clientKeyFile() + "\", root: \"" + root + "\", knownHostsFile: \""
                + sshd.knownHostsFile() + "\" }";
    }

    @Test
    void weightsSplitTwoThousandRecordingsSixtyFortyAndARerunMovesNothing() throws Exception {
        Path dr1 = Files.createDirectories(tmp.resolve("dr1"));
        Path dr2 = Files.createDirectories(tmp.resolve("dr2"));
        Path cold = Files.createDirectories(tmp.resolve("cold"));
        Path job = job("  dr1:\n    connector: " + local(dr1) + "\n  dr2:\n    connector: " + local(dr2) + "\n"
                + "  cold:\n    connector: " + local(cold) + "\n",
                "[ { site: dr1, priority: 10, weight: 60 }, { site: dr2, priority: 10, weight: 40 }, { site: cold, priority: 20 } ]");
        RecorderSite hq = new RecorderSite("hq", tmp.resolve("hq"));
        // Seeded ids: the split is the same on every run (and is the README's number).
        java.util.Random seeded = new java.util.Random(14);
        for (int i = 0; i < 2000; i++) {
            hq.record(UUID.nameUUIDFromBytes(("recording " + seeded.nextLong()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "acme", "support", "w" + i);
        }
        CliRun cli = new CliRun(tmp.resolve("home"));
        CliRun.Result show = cli.run("jobs", "show", "--job", job.toString());
        assertThat(show.out()).as(show.toString()).contains("Target groups")
                .containsPattern("hq->\\[dr1,dr2,cold\\]\\s+hq->dr1\\s+dr1\\s+10\\s+60\\s+60%\\s+preferred")
                .containsPattern("hq->cold\\s+cold\\s+20\\s+1\\s+100%\\s+fallback");

        CliRun.Result first = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(summary(first).get("copied").asLong()).isEqualTo(2000);
        Map<String, String> at1 = Trees.hashes(dr1);
        Map<String, String> at2 = Trees.hashes(dr2);
        long on1 = at1.keySet().stream().filter(p -> p.endsWith(".wav")).count();
        long on2 = at2.keySet().stream().filter(p -> p.endsWith(".wav")).count();
        System.out.println("TargetGroupIT weights 60/40 over 2000 recordings: dr1 " + on1 + ", dr2 " + on2);
        assertThat(on1 + on2).isEqualTo(2000);
        assertThat(on1).as("60% of 2,000 within +-5%").isBetween(1100L, 1300L);
        Map<String, String> both = new TreeMap<>(at1);
        at2.forEach((p, sha) -> assertThat(both.put(p, sha)).as("each recording at one member only: " + p).isNull());
        assertThat(both).as("together they hold the source, byte for byte").isEqualTo(Trees.hashes(hq.root));
        assertThat(Trees.hashes(cold)).isEmpty();
        CliRun.Result report = run(cli, "report", "--run", summary(first).get("runId").asText());
        assertThat(report.out()).containsPattern("hq->dr1\\s+dr1\\s+" + on1 + "\\s+0").containsPattern("hq->dr2\\s+dr2\\s+" + on2 + "\\s+0");
        assertThat(run(cli, "status", "--job", job.toString()).out())
                .contains("group hq->[dr1,dr2,cold]: dr1 " + on1 + ", dr2 " + on2 + ", cold 0");

        CliRun.Result rerun = run(cli, "sync", "--job", job.toString(), "--json");
        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(summary(rerun).get("copied").asLong()).isZero();
        assertThat(Trees.hashes(dr1)).isEqualTo(at1);
        assertThat(Trees.hashes(dr2)).isEqualTo(at2);
        CliRun.Result full = run(cli, "resync", "--job", job.toString(), "--json");
        assertThat(full.exit()).as("a full rescan agrees: nothing is owed anywhere. " + full).isZero();
        assertThat(summary(full).get("copied").asLong()).isZero();
    }
}
