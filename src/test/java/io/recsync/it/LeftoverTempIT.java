package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.demo.ArchiveGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A put over SFTP cut after it published the recording (hard link) but before it removed its temp
 * name leaves the temp as a second name of the recording; the item counts as failed, and the next
 * run finds the recording in place, verified, and puts nothing. No later put of that name would ever
 * remove the temp, so the copy that verifies it in place does (LinkFaultsIT met this on a cut link).
 * A partial temp beside a recording that is in place is removed the same way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeftoverTempIT {

    static final int RECORDINGS = 6;

    @TempDir
    Path tmp;

    @Test
    void tempsBesideRecordingsTheTargetAlreadyHoldsAreRemovedByTheRunThatVerifiesThem() throws Exception {
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        new ArchiveGenerator(21, 10, 20).generate(seed, RECORDINGS);
        try (SiteKind kind = SftpSiteKinds.openSsh(tmp.resolve("sshd"))) {
            String target = kind.newSite("target");
            Path onDisk = ((SiteKind.OnServer) kind).siteDirectory("target");
            Path job = tmp.resolve("job.yml");
            Files.writeString(job, "name: leftovers\nsites:\n  a:\n    connector: { type: local, root: \"" + seed
                    + "\" }\n    manifest:\n      source: scan\n      template: \"" + ArchiveGenerator.TEMPLATE
                    + "\"\n    mode: ro\n  b:\n    connector: " + target + "\nlinks:\n  - from: a\n    to: b\n");
            CliRun cli = new CliRun(tmp.resolve("home"));
            kind.env().forEach(cli::env);
            // A reviewed plan made while the target was empty; by the time it runs, the recordings
            // are there (as after a run whose last puts were cut after publishing), with the temps.
            Path plan = tmp.resolve("plan.jsonl");
            CliRun.Result review = cli.run("sync", "--job", job.toString(), "--plan-out", plan.toString());
            assertThat(review.exit()).as(review.toString()).isZero();
            copyTree(seed, onDisk);
            List<Path> audio = files(onDisk, ".wav");
            Path linked = audio.get(0);
            Files.createLink(linked.resolveSibling("." + linked.getFileName() + ".recsync-tmp"), linked);
            Path partial = audio.get(1);
            byte[] half = Files.readAllBytes(partial);
            Files.write(partial.resolveSibling("." + partial.getFileName() + ".recsync-tmp"),
                    java.util.Arrays.copyOf(half, half.length / 2));
            assertThat(kind.tempObjects()).isEqualTo(2);

            CliRun.Result run = cli.run("sync", "--job", job.toString(), "--plan-in", plan.toString(), "--json");
            assertThat(run.exit()).as(run.toString()).isZero();
            var summary = new ObjectMapper().readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(summary.get("copied").asLong()).as("nothing needed copying").isZero();
            assertThat(summary.get("skipped").asLong()).as("verified in place").isEqualTo(RECORDINGS);

            assertThat(kind.tempObjects()).as("temps left beside recordings that are in place").isZero();
            assertThat(Trees.hashes(onDisk)).isEqualTo(Trees.hashes(seed));
        }
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(p -> {
                try {
                    Path dest = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
