package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import io.recsync.sync.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * `recsync audit` against a target of one storage kind: a small archive is synced local -> target,
 * then audio and sidecars at the target are damaged through the target's own connector (a byte
 * flipped, truncated, deleted, replaced by other bytes); the audit names each (kind, site, recording,
 * path) with exit 8, `--repair` restores each from the source (bytes equal by SHA-256, every damaged
 * file in the target's quarantine, exit 10) and a second audit is clean (exit 0).
 */
abstract class AuditRepairIT {

    @TempDir
    Path tmp;

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** One damage done at the target and what the audit must call it. */
    record Damage(String path, String kind, String recordingId, boolean leavesFile) {}

    void auditsAndRepairs(SiteKind target, int n) throws Exception {
        auditsAndRepairs(target, n, "100%");
    }

    /** @param readBack the audits' --read-back (on S3: the share read back besides the stored checksum) */
    void auditsAndRepairs(SiteKind target, int n, String readBack) throws Exception {
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(11, 0.2, 0.6).generate(seed, n);
        String src = "{ type: local, root: \"" + seed + "\" }";
        String dst = target.newSite("target");
        Map<String, String> env = new HashMap<>(target.env());
        CliRun cli = new CliRun(tmp.resolve("home"));
        env.forEach(cli::env);
        Path job = tmp.resolve("audit.yml");
        Files.writeString(job, new JobYaml("audit").site("a", src).site("b", dst).withLinks(Topologies.oneWay("a", "b")));
        CliRun.Result sync = cli.run("sync", "--job", job.toString());
        assertThat(sync.exit()).as(sync.toString()).isZero();

        CliRun.Result clean = cli.run("audit", "--job", job.toString(), "--read-back", readBack);
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains((2 * n) + " copies checked");

        Map<String, String> expected = Trees.hashes(seed);
        List<String> audio = expected.keySet().stream().filter(p -> p.endsWith(".wav")).sorted().toList();
        List<String> sidecars = expected.keySet().stream().filter(p -> p.endsWith(".json")).sorted().toList();
        List<Damage> damages = new ArrayList<>();
        damages.add(flip(dst, env, audio.get(0), seed));
        damages.add(truncate(dst, env, audio.get(1), seed));
        damages.add(delete(dst, env, audio.get(2), seed));
        damages.add(replace(dst, env, audio.get(3), seed));
        damages.add(flip(dst, env, sidecars.get(4), seed));
        damages.add(truncate(dst, env, sidecars.get(5), seed));
        damages.add(delete(dst, env, sidecars.get(6), seed));
        damages.add(replace(dst, env, sidecars.get(7), seed));
        Map<String, String> unexpected = Map.of("acme/stray.wav", "not a recording recsync placed");
        SiteContents.rewrite(dst, env, "acme/stray.wav", unexpected.get("acme/stray.wav").getBytes(StandardCharsets.UTF_8));

        CliRun.Result found = cli.run("audit", "--job", job.toString(), "--read-back", readBack);
        System.out.println(target.name() + " audit:\n" + found);
        assertThat(found.exit()).as(found.toString()).isEqualTo(ExitCode.AUDIT_FINDINGS.code());
        for (Damage d : damages) {
            assertThat(found.out()).as(found.toString()).containsPattern(Pattern.quote(d.kind() + " site=b recording="
                    + d.recordingId() + " ") + "(audio|metadata) " + Pattern.quote(d.path() + " "));
        }
        assertThat(found.out()).contains("UNEXPECTED site=b recording=- file acme/stray.wav");
        assertThat(found.out()).contains("9 finding(s)");

        SiteContents.delete(dst, env, "acme/stray.wav");
        CliRun.Result repaired = cli.run("audit", "--job", job.toString(), "--repair", "--read-back", readBack);
        System.out.println(target.name() + " audit --repair:\n" + repaired);
        assertThat(repaired.exit()).as(repaired.toString()).isEqualTo(ExitCode.AUDIT_REPAIRED.code());
        Map<String, String> after = SiteContents.hashes(dst, env);
        assertThat(after).isEqualTo(expected);
        List<String> quarantine = SiteContents.allPaths(dst, env).stream()
                .filter(p -> p.startsWith(".recsync/quarantine/")).toList();
        long kept = damages.stream().filter(Damage::leavesFile).count();
        assertThat(quarantine).as(repaired.toString()).hasSize((int) kept);
        for (Damage d : damages) {
            if (d.leavesFile()) {
                String stem = d.path().substring(0, d.path().lastIndexOf('.'));
                assertThat(quarantine).anyMatch(q -> q.startsWith(".recsync/quarantine/" + stem + "."));
            }
        }
        assertThat(repaired.out()).contains("8 repaired");

        CliRun.Result again = cli.run("audit", "--job", job.toString(), "--read-back", readBack);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 finding(s)");
    }

    private static String idOf(Path seed, String path) throws Exception {
        String sidecar = path.endsWith(".json") ? path : path.substring(0, path.lastIndexOf('.')) + ".json";
        Matcher m = ID.matcher(Files.readString(seed.resolve(sidecar)));
        assertThat(m.find()).as("id in " + sidecar).isTrue();
        return m.group(1);
    }

    static Damage flip(String site, Map<String, String> env, String path, Path seed) throws Exception {
        byte[] b = SiteContents.read(site, env, path);
        b[b.length / 2] ^= 0x01;
        SiteContents.rewrite(site, env, path, b);
        return new Damage(path, "ALTERED", idOf(seed, path), true);
    }

    static Damage truncate(String site, Map<String, String> env, String path, Path seed) throws Exception {
        byte[] b = SiteContents.read(site, env, path);
        SiteContents.rewrite(site, env, path, java.util.Arrays.copyOf(b, b.length / 2));
        return new Damage(path, "TRUNCATED", idOf(seed, path), true);
    }

    static Damage delete(String site, Map<String, String> env, String path, Path seed) throws Exception {
        SiteContents.delete(site, env, path);
        return new Damage(path, "MISSING", idOf(seed, path), false);
    }

    static Damage replace(String site, Map<String, String> env, String path, Path seed) throws Exception {
        byte[] b = SiteContents.read(site, env, path);
        byte[] other = new byte[b.length + 7];
        new java.util.Random(path.hashCode()).nextBytes(other);
        SiteContents.rewrite(site, env, path, other);
        return new Damage(path, "ALTERED", idOf(seed, path), true);
    }
}
