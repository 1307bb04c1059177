package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.cli.RecsyncMain;
import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known secrets (SFTP and SMB passwords, an S3 secret key, right ones and wrong ones) go into the
 * environment of real recsync processes, logging at INFO everywhere; then every byte a person or a
 * log collector could see (stdout, stderr, the state database's files, recsync's files on the
 * sites) is searched for them.
 */
class SecretsNeverShownIT {

    @TempDir
    Path tmp;

    record Run(int exit, String output) {}

    @Test
    void noSecretAppearsInOutputLogsStateOrSites() throws Exception {
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(3, 0.2, 0.5).generate(seed, 10);
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"));
                SiteKind smb = SmbSiteKinds.samba(tmp.resolve("smb"));
                SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            Path job = tmp.resolve("secrets.yml");
            Files.writeString(job, "name: secrets\nsites:\n  hq:\n    connector: { type: local, root: \"" + seed + "\" }\n"
                    + "    manifest: { source: scan, template: \"" + ArchiveGenerator.TEMPLATE + "\" }\n"
                    + "  dr:\n    connector: " + sftp.newSite("dr") + "\n"
                    + "  nas:\n    connector: " + smb.newSite("nas") + "\n"
                    + "  archive:\n    connector: " + s3.newSite("archive") + "\n"
                    + "links:\n  - { from: hq, to: dr }\n  - { from: hq, to: nas }\n  - { from: hq, to: archive }\n"
                    + "transfer:\n  attempts: 2\n  initialBackoff: 10ms\n  maxBackoff: 20ms\n");
            Map<String, String> right = new HashMap<>();
            right.putAll(sftp.env());
            right.putAll(smb.env());
            right.putAll(s3.env());
            Map<String, String> wrong = new HashMap<>();
            right.forEach((k, v) -> wrong.put(k, "wrong-" + k.toLowerCase() + "-Zq81x"));
            Path home = tmp.resolve("home");

            List<Run> runs = new ArrayList<>();
            runs.add(recsync(home, right, "sync", "--job", job.toString(), "--verbose"));
            assertThat(runs.get(0).exit()).as(runs.get(0).output()).isZero();
            assertThat(runs.get(0).output()).as("a plain-http S3 endpoint is warned about on every run")
                    .contains("the endpoint is http://, so recordings travel unencrypted");
            runs.add(recsync(home, wrong, "sites", "check", "--job", job.toString()));
            assertThat(runs.get(1).exit()).as("a login refused is exit 2 in sites check as in sync: " + runs.get(1).output()).isEqualTo(2);
            assertThat(runs.get(1).output()).contains("FAILED").contains("access denied");
            runs.add(recsync(home, wrong, "sync", "--job", job.toString(), "--verbose", "--force"));
            assertThat(runs.get(2).exit()).as(runs.get(2).output()).isNotZero();
            // Reports read only the state database: in-process is enough (and saves two JVM starts).
            CliRun reports = new CliRun(home);
            for (String[] args : List.of(new String[] {"history", "--job", "secrets"}, new String[] {"report", "--run", "1"},
                    new String[] {"report", "--run", "2"})) {
                CliRun.Result r = reports.run(args);
                runs.add(new Run(r.exit(), r.out() + r.err()));
            }

            List<String> secrets = new ArrayList<>(right.values());
            secrets.addAll(wrong.values());
            for (Run r : runs) {
                for (String secret : secrets) {
                    assertThat(r.output()).as("output of a run").doesNotContain(secret);
                }
            }
            assertNoSecretIn(home, secrets);
            assertNoSecretIn(tmp.resolve("mina"), secrets);
            assertNoSecretIn(seed, secrets);
        }
    }

    private Run recsync(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecsyncMain.class.getName()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("RECSYNC_HOME", home.toString());
        pb.environment().put("RECSYNC_LOG_LEVEL", "INFO");
        pb.environment().put("RECSYNC_BATCH_LOG_LEVEL", "INFO");
        pb.environment().put("RECSYNC_SMBJ_LOG_LEVEL", "INFO");
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("recsync " + String.join(" ", args) + " finished").isTrue();
        System.out.printf("recsync %s: exit %d in %d ms%n", String.join(" ", args), p.exitValue(), (System.nanoTime() - t0) / 1_000_000);
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Every file below {@code root}, binary ones too (H2 stores strings as they are). */
    private static void assertNoSecretIn(Path root, List<String> secrets) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as(f.toString()).doesNotContain(secret);
                }
            }
        }
    }
}
