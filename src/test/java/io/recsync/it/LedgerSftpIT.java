package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.demo.ArchiveGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger and signed manifests at a remote site (SFTP on the embedded MINA server): the run
 * writes its entries, signed head and segment signatures through the connector; `ledger verify`
 * and `manifest verify` read them back through it, and a line changed in the server's copy or a
 * segment altered there is found and named.
 */
class LedgerSftpIT {

    @TempDir
    Path tmp;

    @Test
    void theLedgerAtAnSftpSiteIsVerifiedAndTamperingThereNamed() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("sftp"))) {
            Path seed = Files.createDirectories(tmp.resolve("seed"));
            new ArchiveGenerator(7, 0.5, 2.0).generate(seed, 15);
            String target = sftp.newSite("target");
            CliRun cli = new CliRun(tmp.resolve("home"));
            sftp.env().forEach(cli::env);
            assertThat(cli.run("ledger", "keygen", "--out", tmp.resolve("keys").toString()).exit()).isZero();
            Path job = tmp.resolve("remote.yml");
            Files.writeString(job, new JobYaml("remote").site("a", "{ type: local, root: \"" + seed + "\" }")
                    .site("b", target).withLinks(Topologies.oneWay("a", "b")) + "ledger:\n  signingKeyFile: \""
                    + tmp.resolve("keys/ledger-signing.pem") + "\"\n  publicKeyFile: \""
                    + tmp.resolve("keys/ledger-public.pem") + "\"\n");
            CliRun.Result sync = cli.run("sync", "--job", job.toString());
            assertThat(sync.exit()).as(sync.toString()).isZero();

            Path onServer = ((SiteKind.OnServer) sftp).directory("target").resolve(".recsync/ledger/remote");
            assertThat(onServer.resolve("entries-000000000001-000000000031.jsonl")).exists();
            assertThat(onServer.resolve("head-000000000031.json")).exists();
            CliRun.Result ok = cli.run("ledger", "verify", "--job", job.toString(), "--site", "b");
            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("site b: 31 entries, 1 head(s)").contains("1 signed head(s) verify");
            CliRun.Result manifests = cli.run("manifest", "verify", "--job", job.toString(), "--site", "b");
            assertThat(manifests.exit()).as(manifests.toString()).isZero();

            // A line changed on the server: its size claims more bytes than were placed.
            Path file = onServer.resolve("entries-000000000001-000000000031.jsonl");
            List<String> lines = Files.readAllLines(file);
            String five = lines.get(4);
            String recording = five.replaceAll(".*\"recording\":\"([^\"]+)\".*", "$1");
            lines.set(4, five.replaceAll("\"size\":[0-9]+", "\"size\":1"));
            Files.write(file, lines);
            CliRun.Result broken = cli.run("ledger", "verify", "--job", job.toString(), "--site", "b");
            assertThat(broken.exit()).as(broken.toString()).isEqualTo(11);
            assertThat(broken.out()).contains("FOUND site b: seq 5 (recording " + recording + "): differs");

            Path segment;
            try (Stream<Path> s = Files.list(((SiteKind.OnServer) sftp).directory("target").resolve(".recsync/manifest"))) {
                segment = s.filter(p -> p.toString().endsWith(".jsonl.gz")).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(segment);
            bytes[bytes.length - 3] ^= 0x10;
            Files.write(segment, bytes);
            CliRun.Result altered = cli.run("manifest", "verify", "--job", job.toString(), "--site", "b");
            assertThat(altered.exit()).as(altered.toString()).isEqualTo(11);
            assertThat(altered.out()).contains(segment.getFileName() + ": ALTERED");
        }
    }
}
