package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.it.HandPickedSite.Rec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of link filter through the CLI, on one small hand-picked source: the target must hold
 * exactly the files the filter selects (names and bytes), nothing more, nothing less.
 */
class FiltersIT {

    static final Rec R1 = new Rec(1, "acme", "support", Instant.parse("2026-11-02T10:00:00Z"), true);
    static final Rec R2 = new Rec(2, "acme", "sales", Instant.parse("2026-11-10T10:00:00Z"), false);
    static final Rec R3 = new Rec(3, "globex", "support", Instant.parse("2026-11-05T10:00:00Z"), true);
    static final Rec R4 = new Rec(4, "globex", "billing", Instant.parse("2026-11-20T10:00:00Z"), true);
    static final Rec R5 = new Rec(5, "initech", "support", Instant.parse("2026-10-15T10:00:00Z"), false);
    static final Rec R6 = new Rec(6, "initech", "sales", Instant.parse("2026-11-25T10:00:00Z"), true);

    @TempDir
    Path tmp;

    Path source;
    Path target;
    CliRun cli;

    @BeforeEach
    void sites() throws Exception {
        source = tmp.resolve("src");
        target = Files.createDirectories(tmp.resolve("dst"));
        HandPickedSite.write(source, R1, R2, R3, R4, R5, R6);
        cli = new CliRun(tmp.resolve("home")); // one state database per test
    }

    /**
     * Syncs src -> dst with this filter block (lines indented for under {@code filter:}) and these
     * command-line options, and checks the exit.
     */
    private void syncWith(String filterLines, String... options) throws Exception {
        Path job = tmp.resolve("job.yml");
        Files.writeString(job, "name: filters\nsites:\n"
                + HandPickedSite.site("src", "{ type: local, root: ./src }", "    mode: ro\n")
                + HandPickedSite.site("dst", "{ type: local, root: ./dst }", null)
                + "links:\n  - from: src\n    to: dst\n    filter:\n" + filterLines);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sync", "--job", job.toString()));
        args.addAll(java.util.List.of(options));
        CliRun.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private void assertTargetHoldsExactly(Rec... recs) {
        assertThat(Trees.hashes(target)).isEqualTo(HandPickedSite.files(source, true, true, recs));
    }

    @Test
    void tenants() throws Exception {
        syncWith("      tenants: [acme]\n");
        assertTargetHoldsExactly(R1, R2);
    }

    @Test
    void excludeTenants() throws Exception {
        syncWith("      excludeTenants: [globex]\n");
        assertTargetHoldsExactly(R1, R2, R5, R6);
    }

    @Test
    void groups() throws Exception {
        syncWith("      groups: [support]\n");
        assertTargetHoldsExactly(R1, R3, R5);
    }

    @Test
    void excludeGroupsWinsOverGroups() throws Exception {
        syncWith("      groups: [support, sales]\n      excludeGroups: [sales]\n");
        assertTargetHoldsExactly(R1, R3, R5);
    }

    @Test
    void absoluteSinceAndUntil() throws Exception {
        // since inclusive (R3 at 11-05 10:00), until exclusive (R4 at 11-20 10:00 is after midnight of the 20th).
        syncWith("      since: 2026-11-05\n      until: 2026-11-20\n");
        assertTargetHoldsExactly(R2, R3);
    }

    @Test
    void relativeSinceCountsBackFromTheRunsStart() throws Exception {
        cli.time(d -> { }, Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));
        syncWith("      since: 10d\n"); // 2026-11-17T00:00Z
        assertTargetHoldsExactly(R4, R6);
    }

    @Test
    void contentAudioOnly() throws Exception {
        syncWith("      content: [audio]\n");
        assertThat(Trees.hashes(target)).isEqualTo(HandPickedSite.files(source, true, false, R1, R2, R3, R4, R5, R6));
    }

    @Test
    void contentMetadataOnlyBringsSidecarsToAudioTheTargetHolds() throws Exception {
        // The target already holds the audio of R1, R2 and R3 (no sidecars); metadata-only copies
        // sidecars, never audio: R1's and R3's arrive, R2 has none, R4..R6 stay away.
        for (Rec r : new Rec[] {R1, R2, R3}) {
            Path to = target.resolve(r.audio());
            Files.createDirectories(to.getParent());
            Files.copy(source.resolve(r.audio()), to);
        }
        syncWith("      content: [metadata]\n");
        assertTargetHoldsExactly(R1, R2, R3);
    }

    @Test
    void pathGlobs() throws Exception {
        // acme/** takes R1 and R2; */support/2026/11/0?/* takes November's first-nine-days support calls: R1, R3.
        syncWith("      paths: [\"acme/**\", \"*/support/2026/11/0?/*\"]\n");
        assertTargetHoldsExactly(R1, R2, R3);
    }

    @Test
    void theCommandLineNarrowsAJobFilterWithARelativeSince() throws Exception {
        cli.time(d -> { }, Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));
        // Job: all but acme. Command line: the last 10 days (from 2026-11-17), billing only: R4.
        syncWith("      excludeTenants: [acme]\n", "--since", "10d", "--group", "billing");
        assertTargetHoldsExactly(R4);
    }
}
