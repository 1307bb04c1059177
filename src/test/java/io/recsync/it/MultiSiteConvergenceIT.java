package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multi-master between kinds of storage: sites on local disk, SFTP (OpenSSH and MINA), S3
 * (s3proxy) and SMB (smbd) each hold some recordings, some of them the same at several sites; one
 * run of a job with explicit links (see {@link Topologies}) must leave every writable site with
 * exactly the union, read back through each site's own connector and compared by SHA-256, each
 * missing recording copied once per target (never once per link), nothing half-written left, and
 * a next run with nothing to do. Read-only sites are sources that stay untouched; a hub and its
 * spokes converge in two runs, as the links say they should.
 *
 * <p>The servers start once for the class; every site is a fresh directory or bucket on them. A
 * failure names the seed and the sites' sizes: rerun that seed alone to reproduce it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MultiSiteConvergenceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Recordings in a test's pool; a site takes a random subset of 0..{@link #MAX_PER_SITE}. */
    static final int POOL = 30;
    static final int MAX_PER_SITE = 12;

    @TempDir
    static Path shared;
    static SiteKind local;
    static SiteKind openSsh;
    static SiteKind mina;
    static SiteKind s3;
    static SiteKind smb;
    static final Map<String, String> ENV = new HashMap<>();
    static final AtomicInteger LABELS = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void servers() throws Exception {
        local = SiteKind.local(shared.resolve("local"));
        openSsh = SftpSiteKinds.openSsh(shared.resolve("sshd"));
        mina = SftpSiteKinds.mina(shared.resolve("mina"));
        s3 = S3SiteKinds.s3proxy(shared.resolve("s3"));
        smb = SmbSiteKinds.samba(shared.resolve("smbd"));
        for (SiteKind k : kinds()) {
            ENV.putAll(k.env());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (SiteKind k : kinds()) {
            if (k != null) {
                k.close();
            }
        }
    }

    private static List<SiteKind> kinds() {
        return java.util.Arrays.asList(local, openSsh, mina, s3, smb);
    }

    /**
     * Property: 3 to 5 sites, always a local, an SFTP and an S3 one, the rest drawn from every kind;
     * each holds a random subset of one pool plus a few recordings forced onto several sites. One
     * mesh run converges; a second has nothing to do.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 58})
    void meshConvergesInOneRun(long seed) throws Exception {
        Random r = new Random(seed);
        RecordingPool pool = new RecordingPool(tmp.resolve("pool"), seed, POOL);
        List<SiteKind> kinds = new ArrayList<>(List.of(local, r.nextBoolean() ? openSsh : mina, s3));
        List<SiteKind> extras = List.of(local, openSsh, mina, s3, smb);
        for (int extra = r.nextInt(3); extra > 0; extra--) {
            kinds.add(extras.get(r.nextInt(extras.size())));
        }
        Collections.shuffle(kinds, r);
        Mesh mesh = new Mesh("seed " + seed, pool);
        for (SiteKind kind : kinds) {
            List<String> ids = new ArrayList<>(pool.ids());
            Collections.shuffle(ids, r);
            mesh.site(kind, new TreeSet<>(ids.subList(0, r.nextInt(MAX_PER_SITE + 1))), false);
        }
        // A few recordings several sites hold already, the same bytes everywhere.
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            String id = pool.ids().get(r.nextInt(POOL));
            List<Site> holders = new ArrayList<>(mesh.sites);
            Collections.shuffle(holders, r);
            holders.subList(0, 2 + r.nextInt(holders.size() - 1)).forEach(s -> s.held.add(id));
        }
        mesh.place();

        mesh.runOnce(Topologies.mesh(mesh.names(), Set.of()));

        mesh.assertConverged();
    }

    /**
     * A {@code mode: ro} site (of each remote kind and local) among a local, an SFTP and an S3 site:
     * what only it holds reaches the others; it is never written: the same objects, bytes and
     * modification times as before, and no {@code .recsync/} folder (recsync writes its sentinel
     * and manifest segments to writable sites only, see SiteGuard and ManifestPublisher).
     */
    @ParameterizedTest(name = "read-only site on {0}")
    @ValueSource(strings = {"sftp-openssh", "s3", "smb"})
    void readOnlySiteIsASourceOnly(String roKind) throws Exception {
        SiteKind ro = kinds().stream().filter(k -> k.name().equals(roKind)).findFirst().orElseThrow();
        RecordingPool pool = new RecordingPool(tmp.resolve("pool"), 101, 16);
        List<String> ids = pool.ids();
        Mesh mesh = new Mesh("read-only " + roKind, pool);
        // 0-3 only at the ro site, 4-5 at ro and local, 6-8 local, 9-11 SFTP, 12-14 S3, 15 everywhere
        mesh.site(ro, set(ids, 0, 1, 2, 3, 4, 5, 15), true);
        mesh.site(local, set(ids, 4, 5, 6, 7, 8, 15), false);
        mesh.site(mina, set(ids, 9, 10, 11, 15), false);
        mesh.site(s3, set(ids, 12, 13, 14, 15), false);
        mesh.place();
        Site roSite = mesh.sites.get(0);
        Map<String, String> before = SiteContents.snapshot(roSite.profile, ENV);
        assertThat(before).as("the read-only site as placed").hasSize(14);

        mesh.runOnce(Topologies.mesh(mesh.names(), Set.of(roSite.name)));

        mesh.assertConverged();
        Map<String, String> after = SiteContents.snapshot(roSite.profile, ENV);
        assertThat(after).as("the read-only site after two runs: objects, sizes, SHA-256, modification times")
                .isEqualTo(before);
        assertThat(after.keySet()).noneMatch(p -> p.startsWith(".recsync"));
    }

    /** SFTP <-> S3, recordings on both sides (some on both): one run, both hold the union. */
    @Test
    void twoWayBetweenSftpAndS3() throws Exception {
        RecordingPool pool = new RecordingPool(tmp.resolve("pool"), 202, 12);
        List<String> ids = pool.ids();
        Mesh mesh = new Mesh("two-way", pool);
        Site sftp = mesh.site(openSsh, set(ids, 0, 1, 2, 3, 4, 5, 6), false);
        Site bucket = mesh.site(s3, set(ids, 5, 6, 7, 8, 9, 10, 11), false);
        mesh.place();

        mesh.runOnce(Topologies.twoWay(sftp.name, bucket.name));

        mesh.assertConverged();
    }

    /**
     * Hub (local) and spokes (SFTP, S3, local): no link joins two spokes, so what a spoke alone
     * holds reaches the hub in the first run and the other spokes only in the second, from the
     * hub; the third run has nothing to do.
     */
    @Test
    void hubAndSpokesConvergeInTwoRuns() throws Exception {
        RecordingPool pool = new RecordingPool(tmp.resolve("pool"), 303, 16);
        List<String> ids = pool.ids();
        Mesh mesh = new Mesh("hub", pool);
        Site hub = mesh.site(local, set(ids, 0, 1, 2, 15), false);
        // 3-5 SFTP only, 6-8 S3 only, 9-11 local spoke only, 12 on SFTP and S3, 13 on the hub and
        // SFTP, 14 on every spoke but not the hub, 15 everywhere
        mesh.site(openSsh, set(ids, 3, 4, 5, 12, 13, 14, 15), false);
        mesh.site(s3, set(ids, 6, 7, 8, 12, 14, 15), false);
        mesh.site(local, set(ids, 9, 10, 11, 14, 15), false);
        hub.held.add(ids.get(13));
        mesh.place();
        List<Site> spokes = mesh.sites.subList(1, mesh.sites.size());
        String links = Topologies.hub(hub.name, spokes.stream().map(s -> s.name).toList());
        Path job = mesh.writeJob(links);
        Set<String> union = mesh.union();
        Set<String> hubBefore = new TreeSet<>(hub.held);

        // Run 1: the hub gets everything it lacked, each spoke what the hub held before the run.
        Map<Site, Set<String>> first = new LinkedHashMap<>();
        first.put(hub, minus(union, hubBefore));
        spokes.forEach(s -> first.put(s, minus(hubBefore, s.held)));
        mesh.run(job, first, "run 1");
        for (Site s : mesh.sites) {
            mesh.assertHolds(s, s.held, "run 1");
        }
        assertThat(hub.held).isEqualTo(union);
        assertThat(spokes).as(mesh.context("run 1: no spoke holds the union yet")).noneMatch(s -> s.held.equals(union));

        // Run 2: every spoke gets from the hub what other spokes alone held.
        Map<Site, Set<String>> second = new LinkedHashMap<>();
        spokes.forEach(s -> second.put(s, minus(union, s.held)));
        mesh.run(job, second, "run 2");
        for (Site s : mesh.sites) {
            mesh.assertHolds(s, union, "run 2");
        }
        mesh.assertClean();

        mesh.run(job, Map.of(), "run 3");
    }

    /**
     * A recording two sites hold with different audio (the same UUID, sidecar and path): neither
     * original is ever overwritten, the disagreement is one conflict (not one per direction, nor
     * one per pair of sites that show it), and a site lacking it gets the version of the site
     * with the better priority; everything else converges as usual.
     */
    @Test
    void disputedRecordingIsNeverOverwrittenAndReportedOnce() throws Exception {
        RecordingPool pool = new RecordingPool(tmp.resolve("pool"), 404, 8);
        List<String> ids = pool.ids();
        String disputed = ids.get(7);
        Mesh mesh = new Mesh("disputed", pool);
        Site best = mesh.site(local, set(ids, 0, 1, 2, 7), false);
        Site other = mesh.site(openSsh, set(ids, 3, 4), false);
        Site lacking = mesh.site(s3, set(ids, 5, 6), false);
        mesh.priorities.put(best.name, 1);
        mesh.place();
        // The other site's copy: the same files, one audio byte changed.
        Path altered = tmp.resolve("altered");
        Map<String, String> otherVersion = new java.util.TreeMap<>();
        for (String f : pool.filesOf(Set.of(disputed))) {
            byte[] bytes = Files.readAllBytes(pool.root().resolve(f));
            if (f.endsWith(".wav")) {
                bytes[bytes.length - 1] ^= 0x5a;
            }
            Files.createDirectories(altered.resolve(f).getParent());
            Files.write(altered.resolve(f), bytes);
            otherVersion.put(f, io.recsync.connector.Sha256.of(bytes));
        }
        SiteContents.upload(other.profile, ENV, altered, pool.filesOf(Set.of(disputed)));
        other.held.add(disputed);
        Path job = mesh.writeJob(Topologies.mesh(mesh.names(), Set.of()));
        Set<String> union = mesh.union();

        Map<Site, Set<String>> arriving = new LinkedHashMap<>();
        for (Site s : mesh.sites) {
            arriving.put(s, minus(union, s.held));
        }
        mesh.run(job, arriving, "run 1", 3, 1);
        mesh.assertHolds(best, union, "run 1");
        mesh.assertHolds(other, union, otherVersion, "run 1");
        mesh.assertHolds(lacking, union, "run 1");
        mesh.assertClean();

        // Run 2: the site that got the preferred version now differs from the other one the same
        // way: the conflict on record, not a new one (the run exits 0, not 3 again).
        mesh.run(job, Map.of(), "run 2");
        CliRun.Result list = mesh.cli.run("conflicts", "list", "--job", "mesh", "--status", "all", "--format", "json");
        assertThat(list.exit()).as(list.toString()).isZero();
        JsonNode conflicts = JSON.readTree(list.out());
        assertThat(conflicts).as(list.toString()).hasSize(1);
        assertThat(conflicts.get(0).get("kind").asText()).isEqualTo("AUDIO_DIFFERS");
        assertThat(conflicts.get(0).get("recording").asText()).isEqualTo(disputed);
        mesh.assertHolds(best, union, "run 2");
        mesh.assertHolds(other, union, otherVersion, "run 2");
        mesh.assertHolds(lacking, union, "run 2");
    }

    private static Set<String> set(List<String> ids, int... indexes) {
        Set<String> out = new TreeSet<>();
        for (int i : indexes) {
            out.add(ids.get(i));
        }
        return out;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** One site of a test: its name in the job, kind, profile, and the recordings it holds. */
    static final class Site {
        final String name;
        final SiteKind kind;
        final String profile;
        final boolean readOnly;
        final Set<String> held;

        Site(String name, SiteKind kind, String profile, boolean readOnly, Set<String> held) {
            this.name = name;
            this.kind = kind;
            this.profile = profile;
            this.readOnly = readOnly;
            this.held = held;
        }

        @Override
        public String toString() {
            return name + (readOnly ? " (ro)" : "") + ": " + held.size();
        }
    }

    /** The sites of one test, their job and CLI, and the checks an operator would make. */
    final class Mesh {
        final String label;
        final RecordingPool pool;
        final List<Site> sites = new ArrayList<>();
        final CliRun cli = new CliRun(tmp.resolve("home"));
        /** What each site held when placed, for the failure message. */
        final Map<String, Integer> placed = new LinkedHashMap<>();
        final Map<String, Integer> priorities = new LinkedHashMap<>();

        Mesh(String label, RecordingPool pool) {
            this.label = label;
            this.pool = pool;
            ENV.forEach(cli::env);
        }

        Site site(SiteKind kind, Set<String> held, boolean readOnly) throws Exception {
            String name = "s" + sites.size() + "-" + kind.name();
            String profile = kind.newSite("m" + LABELS.incrementAndGet() + "-" + kind.name());
            Site s = new Site(name, kind, profile, readOnly, new TreeSet<>(held));
            sites.add(s);
            return s;
        }

        /** Writes each site's recordings through its own connector (fixes the held sets first). */
        void place() {
            for (Site s : sites) {
                placed.put(s.toString(), s.held.size());
                SiteContents.upload(s.profile, ENV, pool.root(), pool.filesOf(s.held));
            }
            System.out.println("MultiSiteConvergenceIT " + context("placed"));
        }

        List<String> names() {
            return sites.stream().map(s -> s.name).toList();
        }

        Set<String> union() {
            Set<String> out = new TreeSet<>();
            sites.forEach(s -> out.addAll(s.held));
            return out;
        }

        String context(String stage) {
            return label + ", " + stage + ": pool " + pool.ids().size() + ", sites " + placed.keySet() + ", union "
                    + union().size();
        }

        Path writeJob(String links) throws Exception {
            JobYaml yaml = new JobYaml("mesh");
            priorities.forEach(yaml::priority);
            for (Site s : sites) {
                if (s.readOnly) {
                    yaml.readOnlySite(s.name, s.profile);
                } else {
                    yaml.site(s.name, s.profile);
                }
            }
            return Files.writeString(tmp.resolve("mesh.yml"), yaml.withLinks(links));
        }

        /**
         * One run that must copy exactly {@code arriving} (site -> recordings it gets): exit 0, that
         * many planned and copied, their bytes copied, nothing failed, no conflict. The sites' held
         * sets then include what arrived. Returns the run's summary.
         */
        JsonNode run(Path job, Map<Site, Set<String>> arriving, String stage) throws Exception {
            return run(job, arriving, stage, 0, 0);
        }

        /** {@link #run(Path, Map, String)} that must end with {@code exit} and open {@code conflicts}. */
        JsonNode run(Path job, Map<Site, Set<String>> arriving, String stage, int exit, long conflicts) throws Exception {
            long copied = arriving.values().stream().mapToLong(Set::size).sum();
            long bytes = arriving.values().stream().mapToLong(pool::bytesOf).sum();
            CliRun.Result result = cli.run("sync", "--job", job.toString(), "--json");
            String where = context(stage) + ", expected to arrive " + counts(arriving);
            assertThat(result.exit()).as(where + "\n" + result).isEqualTo(exit);
            JsonNode summary = JSON.readTree(result.lastLine());
            assertThat(summary.get("planned").asLong()).as(where + ": planned\n" + result).isEqualTo(copied);
            assertThat(summary.get("copied").asLong()).as(where + ": copied (each missing recording once per target)\n"
                    + result).isEqualTo(copied);
            assertThat(summary.get("bytesCopied").asLong()).as(where + ": bytes copied\n" + result).isEqualTo(bytes);
            assertThat(summary.get("failed").asLong()).as(where).isZero();
            assertThat(summary.get("conflicts").asLong()).as(where + ": new conflicts\n" + result).isEqualTo(conflicts);
            arriving.forEach((s, ids) -> s.held.addAll(ids));
            return summary;
        }

        private String counts(Map<Site, Set<String>> arriving) {
            Map<String, Integer> out = new LinkedHashMap<>();
            arriving.forEach((s, ids) -> out.put(s.name, ids.size()));
            return out.toString();
        }

        /**
         * The links in one run: every writable site then holds the union, each recording it lacked
         * copied once; the next run plans and copies nothing.
         */
        void runOnce(String links) throws Exception {
            Path job = writeJob(links);
            Set<String> union = union();
            Map<Site, Set<String>> arriving = new LinkedHashMap<>();
            sites.stream().filter(s -> !s.readOnly).forEach(s -> arriving.put(s, minus(union, s.held)));
            run(job, arriving, "run 1");
            run(job, Map.of(), "run 2");
        }

        /** Each site holds what its held set says, byte for byte, and nothing half-written is left. */
        void assertConverged() {
            for (Site s : sites) {
                assertHolds(s, s.held, "after the runs");
            }
            assertClean();
        }

        void assertHolds(Site s, Set<String> ids, String stage) {
            assertHolds(s, ids, Map.of(), stage);
        }

        /** As {@link #assertHolds(Site, Set, String)}, except the files in {@code differing} hash as given there. */
        void assertHolds(Site s, Set<String> ids, Map<String, String> differing, String stage) {
            Map<String, String> found = SiteContents.hashes(s.profile, ENV);
            Map<String, String> expected = new java.util.TreeMap<>(pool.hashesOf(ids));
            expected.putAll(differing);
            assertThat(RecordingPool.idsIn(found)).as(context(stage) + ": recordings at " + s.name).isEqualTo(ids);
            assertThat(found).as(context(stage) + ": files and SHA-256 at " + s.name).isEqualTo(expected);
        }

        void assertClean() {
            for (SiteKind k : kinds()) {
                assertThat(k.tempObjects()).as(context("end") + ": temp objects on " + k.name()).isZero();
            }
            assertThat(s3.openUploads()).as(context("end") + ": open multipart uploads").isEmpty();
        }
    }
}
