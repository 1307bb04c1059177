package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Sha256;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Through the CLI, on the sites' bytes: once a person settles a conflict with `conflicts resolve`,
 * every site of the job that holds the recording ends with the decided version after the next
 * `sync` (not only the two sites the conflict was between), the version each site gave up is in
 * its quarantine, and neither a further `sync` nor a `resync` finds anything left to do. Meshes of
 * three and four sites (one of them on SFTP), a hub with two spokes, every `--keep`, whichever two
 * sites disagreed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ResolvedConflictConvergenceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant EARLY = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant LATE = Instant.parse("2026-11-21T17:00:00Z");

    @TempDir
    static Path servers;
    static SiteKind.OnServer mina;

    @BeforeAll
    static void start() throws Exception {
        mina = (SiteKind.OnServer) SftpSiteKinds.mina(servers.resolve("mina"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (mina != null) {
            mina.close();
        }
    }

    @TempDir
    Path tmp;

    /** The job's sites in the order of its file: the first has the best priority. */
    final Map<String, RecorderSite> sites = new LinkedHashMap<>();
    CliRun cli;
    Path job;
    /** What the last `conflicts resolve` printed, shown when a later run fails. */
    CliRun.Result lastResolve;

    void local(String... names) {
        for (String name : names) {
            sites.put(name, new RecorderSite(name, tmp.resolve(name)));
        }
    }

    void sftp(String name) throws Exception {
        String label = name + "-" + UUID.randomUUID();
        String profile = mina.newSite(label);
        sites.put(name, new RecorderSite(name, mina.directory(label), profile));
    }

    /** The job file: the sites with priorities 1, 2, ... in order, {@code topology}, policy log. */
    void job(String topology) throws Exception {
        StringBuilder yaml = new StringBuilder("name: resolved\nsites:\n");
        int priority = 1;
        for (RecorderSite s : sites.values()) {
            yaml.append("  ").append(s.name).append(": { connector: ").append(s.connector()).append(", priority: ")
                    .append(priority++).append(" }\n");
        }
        yaml.append(topology).append("\nconflicts: { policy: log }\n");
        job = tmp.resolve("job.yml");
        Files.writeString(job, yaml);
        cli = new CliRun(tmp.resolve("home"));
        mina.env().forEach(cli::env);
    }

    RecorderSite site(String name) {
        return sites.get(name);
    }

    JsonNode run(String verb, int expectedExit) throws Exception {
        CliRun.Result r = cli.run(verb, "--job", job.toString(), "--json");
        if (r.exit() != expectedExit) {
            // What the conflicts say (sites, paths, checksums) is what a person would read next.
            CliRun.Result conflicts = cli.run("conflicts", "list", "--format", "json");
            assertThat(r.exit()).as(verb + ": " + r + "\nconflicts now: " + conflicts.out() + "\nlast resolve: " + lastResolve)
                    .isEqualTo(expectedExit);
        }
        return JSON.readTree(r.lastLine());
    }

    JsonNode openConflicts() throws Exception {
        CliRun.Result r = cli.run("conflicts", "list", "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    static String sha(Path p) throws Exception {
        return Sha256.of(Files.readAllBytes(p));
    }

    /** A site's live files without the `.conflict-` copies a keep-both decision leaves beside. */
    static Map<String, String> recordings(RecorderSite s) {
        Map<String, String> out = new TreeMap<>(s.live());
        out.keySet().removeIf(p -> p.contains(".conflict-"));
        return out;
    }

    /** Three recordings made at the first site, spread to every site by one run. */
    UUID recordedEverywhere() throws Exception {
        RecorderSite first = sites.values().iterator().next();
        UUID id = first.record(UUID.randomUUID(), "acme", "support", "the disputed call");
        first.record(UUID.randomUUID(), "acme", "sales", "another call");
        first.record(UUID.randomUUID(), "globex", "support", "a third call");
        assertThat(run("sync", 0).get("copied").asLong()).isEqualTo(3L * (sites.size() - 1));
        for (RecorderSite s : sites.values()) {
            assertThat(s.live()).as("site " + s.name + " after the first run").isEqualTo(first.live());
        }
        return id;
    }

    /**
     * {@code p} and {@code q} edit one recording's metadata differently; the run opens one
     * conflict; a person resolves it with {@code keep}; the next run carries the decision to
     * every other site, and then nothing is left to do.
     */
    void decisionReachesEverySite(String p, String q, String keep) throws Exception {
        UUID id = recordedEverywhere();
        String audio = sha(site(p).audio(id));
        site(p).edit(id, 2, EARLY, p + "'s note");
        site(q).edit(id, 2, LATE, q + "'s note");

        JsonNode found = run("sync", 3);
        assertThat(found.get("conflicts").asLong()).isEqualTo(1);
        JsonNode c = openConflicts().get(0);
        String source = c.get("source").asText();
        String target = c.get("target").asText();
        assertThat(List.of(source, target)).containsExactlyInAnyOrder(p, q);
        Map<String, String> before = new LinkedHashMap<>();
        for (RecorderSite s : sites.values()) {
            before.put(s.name, sha(s.sidecar(id)));
        }
        // keep both: the target's stays the live version everywhere, the source's is kept beside it.
        String decided = before.get(keep.equals("source") ? source : target);

        CliRun.Result resolved = lastResolve = cli.run("conflicts", "resolve", c.get("id").asText(), "--keep", keep, "--job",
                job.toString());
        assertThat(resolved.exit()).as(resolved.toString()).isZero();

        JsonNode next = run("sync", 0);

        assertThat(next.get("copied").asLong()).as("one sidecar for each site not in the conflict")
                .isEqualTo(sites.size() - 2);
        assertThat(next.get("conflicts").asLong()).isZero();
        for (RecorderSite s : sites.values()) {
            assertThat(sha(s.sidecar(id))).as("the live sidecar at " + s.name).isEqualTo(decided);
            assertThat(sha(s.audio(id))).as("the audio at " + s.name).isEqualTo(audio);
            if (!before.get(s.name).equals(decided)) {
                assertThat(s.quarantine().values()).as("what " + s.name + " gave up is in its quarantine")
                        .contains(before.get(s.name));
            }
            assertThat(recordings(s)).as("site " + s.name).isEqualTo(recordings(site(target)));
            assertThat(Trees.tempFiles(s.root)).isZero();
        }
        String beside = java.util.regex.Pattern.quote(RecorderSite.base(id, "acme", "support") + ".conflict-" + source + "-")
                + "[0-9]{8}T[0-9]{6}Z\\.json";
        for (RecorderSite s : sites.values()) {
            boolean besideHere = keep.equals("both") && (s.name.equals(source) || s.name.equals(target));
            Map<String, String> copies = new TreeMap<>(s.live());
            copies.keySet().removeIf(path -> !path.contains(".conflict-"));
            if (besideHere) {
                assertThat(copies.entrySet()).as("the source's version beside the live one at " + s.name).singleElement()
                        .satisfies(e -> {
                            assertThat(e.getKey()).matches(beside);
                            assertThat(e.getValue()).isEqualTo(before.get(source));
                        });
            } else {
                assertThat(copies).as("no conflict copy at " + s.name).isEmpty();
            }
        }
        assertThat(run("sync", 0).get("planned").asLong()).as("converged").isZero();
        assertThat(run("resync", 0).get("planned").asLong()).as("a full rescan agrees").isZero();
        assertThat(openConflicts()).isEmpty();
        String others = String.join(", ", sites.keySet().stream().filter(n -> !n.equals(p) && !n.equals(q)).toList());
        assertThat(resolved.out()).as("the decision named the sites the next run would bring in line")
                .contains(others + ": the next sync puts the kept metadata there too (each replaced sidecar goes to that "
                        + "site's quarantine)");
    }

    @ParameterizedTest(name = "{0} and {1} disagree, keep {2}")
    @CsvSource({"hq, dr, source", "dr, br, both", "br, hq, target"})
    void aDecisionInAThreeSiteMeshReachesTheThirdSite(String p, String q, String keep) throws Exception {
        local("hq", "dr", "br");
        job("topology: mesh");

        decisionReachesEverySite(p, q, keep);
    }

    @ParameterizedTest(name = "{0} and {1} disagree, keep {2}")
    @CsvSource({"b1, b2, both", "hq, b1, target", "b2, hq, source"})
    void aDecisionInAHubReachesTheHubAndEverySpoke(String p, String q, String keep) throws Exception {
        local("hq", "b1", "b2");
        job("topology: { kind: hub, hub: hq }");

        decisionReachesEverySite(p, q, keep);
    }

    /**
     * A site that should hold the recording but does not yet (br joins the mesh after the
     * decision) gets the decided version in the one run that copies it, even though the site it
     * is copied from first (ny, the best priority) still held the version given up when the run
     * started.
     */
    @ParameterizedTest(name = "keep {0}")
    @CsvSource({"source", "target"})
    void aSiteThatShouldHoldTheRecordingGetsTheDecidedVersionInOneRun(String keep) throws Exception {
        local("ny", "hq", "dr");
        job("topology: mesh");
        UUID id = recordedEverywhere();
        site("hq").edit(id, 2, EARLY, "hq's note");
        site("dr").edit(id, 2, LATE, "dr's note");
        assertThat(run("sync", 3).get("conflicts").asLong()).isEqualTo(1);
        JsonNode c = openConflicts().get(0);
        String decided = sha(site(keep.equals("source") ? c.get("source").asText() : c.get("target").asText()).sidecar(id));
        lastResolve = cli.run("conflicts", "resolve", c.get("id").asText(), "--keep", keep, "--job", job.toString());
        assertThat(lastResolve.exit()).as(lastResolve.toString()).isZero();

        local("br");
        job("topology: mesh");
        run("sync", 0);

        for (RecorderSite s : sites.values()) {
            assertThat(sha(s.sidecar(id))).as("the live sidecar at " + s.name + " after one run").isEqualTo(decided);
            assertThat(sha(s.audio(id))).as("the audio at " + s.name).isEqualTo(sha(site("ny").audio(id)));
        }
        assertThat(run("sync", 0).get("planned").asLong()).as("converged").isZero();
    }

    /** The conflict is between an SFTP site and a local one; the decision reaches two more. */
    @Test
    void aDecisionInAFourSiteMeshWithAnSftpSiteReachesBothOtherSites() throws Exception {
        local("hq", "dr");
        sftp("br");
        local("ny");
        job("topology: mesh");

        decisionReachesEverySite("br", "hq", "both");
    }

    /** The same with the state in PostgreSQL: the decided baselines are plain SQL on both databases. */
    @Test
    void aDecisionReachesTheThirdSiteWithTheStateInPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            local("hq", "dr", "br");
            job("topology: mesh");
            cli.env("RECSYNC_DB_URL", postgres.getJdbcUrl("postgres", "postgres"));

            decisionReachesEverySite("dr", "hq", "target");
        }
    }

    /**
     * dr and hq recorded different calls under one id; br (on SFTP) already held hq's. The conflict
     * is recorded once, between dr and one of them; the person keeps dr's (the conflict's source):
     * hq and br both get it, each keeping hq's in its quarantine.
     */
    @Test
    void anAudioConflictKeptAsTheSourceReachesAThirdSiteHoldingTheOtherVersion() throws Exception {
        local("dr", "hq");
        sftp("br");
        job("topology: mesh");
        UUID id = UUID.randomUUID();
        site("hq").record(id, "acme", "support", "the call hq recorded");
        copyTree(site("hq").root, site("br").root);
        site("dr").record(id, "acme", "support", "the call dr recorded");
        site("dr").record(UUID.randomUUID(), "acme", "sales", "another call");
        String hqAudio = sha(site("hq").audio(id));
        String hqSidecar = sha(site("hq").sidecar(id));

        JsonNode found = run("sync", 3);
        assertThat(found.get("conflicts").asLong()).isEqualTo(1);
        JsonNode c = openConflicts().get(0);
        assertThat(c.get("kind").asText()).isEqualTo("AUDIO_DIFFERS");
        assertThat(c.get("source").asText()).isEqualTo("dr");
        assertThat(c.get("target").asText()).isIn("hq", "br");
        assertThat(sha(site("br").audio(id))).isEqualTo(hqAudio);
        String drAudio = sha(site("dr").audio(id));
        String drSidecar = sha(site("dr").sidecar(id));

        CliRun.Result resolved = cli.run("conflicts", "resolve", c.get("id").asText(), "--keep", "source", "--job",
                job.toString());
        lastResolve = resolved;
        assertThat(resolved.exit()).as(resolved.toString()).isZero();

        assertThat(run("sync", 0).get("conflicts").asLong()).isZero();
        for (RecorderSite s : sites.values()) {
            assertThat(sha(s.audio(id))).as("the audio at " + s.name).isEqualTo(drAudio);
            assertThat(sha(s.sidecar(id))).as("the sidecar at " + s.name).isEqualTo(drSidecar);
            assertThat(recordings(s)).as("site " + s.name).isEqualTo(recordings(site("dr")));
            if (!s.name.equals("dr")) {
                assertThat(s.quarantine().values()).as("hq's call, kept at " + s.name).contains(hqAudio, hqSidecar);
            }
        }
        assertThat(run("sync", 0).get("planned").asLong()).isZero();
        assertThat(run("resync", 0).get("planned").asLong()).isZero();
        assertThat(openConflicts()).isEmpty();
        assertThat(resolved.out()).contains("hq: replaced", "br: replaced");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path dest = to.resolve(from.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest);
            }
        }
    }
}
