package io.recsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.store.LedgerCodec;
import io.recsync.store.LedgerEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence ledger on a real sync between local sites (README "Evidence"): every verified
 * placement and the run are chained, the signed head and the entries land at the target, and
 * `ledger verify` finds and names an edited, deleted and inserted entry in the state database and
 * in the site's copy; `manifest verify` finds an altered or unsigned segment.
 */
class LedgerIT {

    static final int N = 20;

    @TempDir
    Path tmp;

    Path home;
    CliRun cli;
    DemoSites demo;

    void setUp(boolean signed) throws Exception {
        home = tmp.resolve("home");
        cli = new CliRun(home);
        demo = DemoSites.create(cli, tmp.resolve("demo"), N);
        if (signed) {
            CliRun.Result keys = cli.run("ledger", "keygen", "--out", tmp.resolve("keys").toString());
            assertThat(keys.exit()).as(keys.toString()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    tmp.resolve("keys/ledger-signing.pem")))).isEqualTo("rw-------");
            Files.writeString(demo.job, Files.readString(demo.job) + "ledger:\n  signingKeyFile: \""
                    + tmp.resolve("keys/ledger-signing.pem") + "\"\n  publicKeyFile: \""
                    + tmp.resolve("keys/ledger-public.pem") + "\"\n");
        }
        CliRun.Result sync = cli.run("sync", "--job", demo.job.toString());
        assertThat(sync.exit()).as(sync.toString()).isZero();
    }

    Connection h2() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("state").resolve("recsync").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE", "", "");
    }

    void sql(String... statements) throws Exception {
        try (Connection c = h2(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    List<LedgerEntry> dbEntries() throws Exception {
        List<LedgerEntry> out = new ArrayList<>();
        try (Connection c = h2(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM ledger_entry WHERE job_name = 'demo' ORDER BY seq")) {
            while (rs.next()) {
                long size = rs.getLong("size");
                Long sz = rs.wasNull() ? null : size;
                out.add(new LedgerEntry(rs.getString("job_name"), rs.getLong("seq"), rs.getString("prev_hash"),
                        LedgerEntry.Kind.valueOf(rs.getString("kind")), rs.getObject("recording_id", java.util.UUID.class),
                        rs.getString("site"), rs.getString("path"), rs.getString("sha256"), sz,
                        rs.getLong("execution_id"),
                        rs.getObject("entered_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("detail"),
                        rs.getString("entry_hash")));
            }
        }
        return out;
    }

    Path ledgerDir() {
        return demo.siteB.resolve(".recsync/ledger/demo");
    }

    Path entriesFile() throws Exception {
        try (Stream<Path> s = Files.list(ledgerDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith("entries-")).findFirst().orElseThrow();
        }
    }

    CliRun.Result verify(String... more) {
        List<String> args = new ArrayList<>(List.of("ledger", "verify", "--job", demo.job.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void everyPlacementAndTheRunAreChainedSignedAndWrittenToTheTarget() throws Exception {
        setUp(true);
        List<LedgerEntry> entries = dbEntries();
        // Audio and sidecar of each recording, then the run.
        assertThat(entries).hasSize(2 * N + 1);
        assertThat(entries.stream().filter(e -> e.kind() == LedgerEntry.Kind.PLACEMENT)
                .map(LedgerEntry::path).distinct()).hasSize(2 * N);
        assertThat(entries.get(2 * N).kind()).isEqualTo(LedgerEntry.Kind.RUN);
        assertThat(entries.get(2 * N).detail()).contains("status=COMPLETED exit=0");
        // What the ledger says was placed is what the target holds.
        java.util.Map<String, String> held = Trees.hashes(demo.siteB);
        for (LedgerEntry e : entries.subList(0, 2 * N)) {
            assertThat(held.get(e.path())).as(e.path()).isEqualTo(e.sha256());
            assertThat(e.site()).isEqualTo("site-b");
        }
        assertThat(ledgerDir().resolve("entries-000000000001-000000000041.jsonl")).exists();
        assertThat(Files.readAllLines(ledgerDir().resolve("entries-000000000001-000000000041.jsonl")))
                .containsExactlyElementsOf(entries.stream().map(LedgerCodec::toJsonLine).toList());
        assertThat(ledgerDir().resolve("head-000000000041.json")).exists();
        assertThat(demo.siteA.resolve(".recsync/ledger")).doesNotExist();

        CliRun.Result ok = verify();
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("site site-b: 41 entries, 1 head(s)").contains("ok: the chain holds and 1 signed");

        CliRun.Result manifests = cli.run("manifest", "verify", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(manifests.exit()).as(manifests.toString()).isZero();
        assertThat(manifests.out()).contains(": OK (ledger seq 40)").contains("1 segment(s), 1 signed and verified");
        // A snapshot segment `manifest build` puts on the site is signed the same way.
        CliRun.Result built = cli.run("manifest", "build", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(built.exit()).as(built.toString()).isZero();
        CliRun.Result both = cli.run("manifest", "verify", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(both.out()).contains("-snapshot.jsonl.gz: OK (ledger seq 41)").contains("2 segment(s), 2 signed");

        // A rerun with nothing to copy: its RUN entry is chained; no site was written, none is behind.
        CliRun.Result again = cli.run("sync", "--job", demo.job.toString());
        assertThat(again.exit()).isZero();
        assertThat(dbEntries()).hasSize(2 * N + 2);
        assertThat(verify().exit()).isZero();
    }

    @Test
    void tamperingInTheDatabaseIsFoundAndTheEntryNamed() throws Exception {
        setUp(true);
        sql("CREATE TABLE ledger_backup AS SELECT * FROM ledger_entry");
        String restore = "DELETE FROM ledger_entry; INSERT INTO ledger_entry SELECT * FROM ledger_backup";
        List<LedgerEntry> original = dbEntries();
        LedgerEntry seven = original.get(6);

        // Edited: another checksum for what was placed.
        sql("UPDATE ledger_entry SET sha256 = '" + "f".repeat(64) + "' WHERE seq = 7");
        CliRun.Result edited = verify();
        assertThat(edited.exit()).as(edited.toString()).isEqualTo(11);
        assertThat(edited.out()).contains("FOUND database: seq 7 (recording " + seven.recordingId() + "): differs")
                .contains("FOUND site site-b: seq 7 (recording " + seven.recordingId() + "): differs between the"
                        + " database and the site: sha256 " + "f".repeat(64) + " in the database, " + seven.sha256());
        sql(restore);
        assertThat(verify().exit()).isZero();

        // Deleted.
        sql("DELETE FROM ledger_entry WHERE seq = 9");
        CliRun.Result deleted = verify();
        assertThat(deleted.exit()).isEqualTo(11);
        assertThat(deleted.out()).contains("FOUND database: seq 9: missing");
        sql(restore);

        // Inserted, by someone who recomputed every hash after it and moved the head: the database
        // holds together in itself, the site's signed copy names the forged entry.
        List<LedgerEntry> forged = new ArrayList<>(original.subList(0, 11));
        LedgerEntry f = new LedgerEntry("demo", 12, forged.get(10).hash(), LedgerEntry.Kind.PLACEMENT,
                java.util.UUID.fromString("00000000-0000-0000-0000-00000000f0f0"), "site-b", "forged.wav",
                "a".repeat(64), 1L, seven.run(), seven.at(), "COPIED", null);
        forged.add(f.withHash(LedgerCodec.hashOf(f)));
        for (LedgerEntry e : original.subList(11, original.size())) {
            LedgerEntry r = new LedgerEntry(e.job(), e.seq() + 1, forged.get(forged.size() - 1).hash(), e.kind(),
                    e.recordingId(), e.site(), e.path(), e.sha256(), e.size(), e.run(), e.at(), e.detail(), null);
            forged.add(r.withHash(LedgerCodec.hashOf(r)));
        }
        try (Connection c = h2(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM ledger_entry");
            try (var ps = c.prepareStatement("INSERT INTO ledger_entry (job_name, seq, prev_hash, kind, recording_id,"
                    + " site, path, sha256, size, execution_id, entered_at, detail, entry_hash) VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LedgerEntry e : forged) {
                    ps.setString(1, e.job());
                    ps.setLong(2, e.seq());
                    ps.setString(3, e.prevHash());
                    ps.setString(4, e.kind().name());
                    ps.setObject(5, e.recordingId());
                    ps.setString(6, e.site());
                    ps.setString(7, e.path());
                    ps.setString(8, e.sha256());
                    ps.setObject(9, e.size());
                    ps.setLong(10, e.run());
                    ps.setObject(11, e.at().atOffset(java.time.ZoneOffset.UTC));
                    ps.setString(12, e.detail());
                    ps.setString(13, e.hash());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            s.execute("UPDATE ledger_head SET seq = " + forged.size() + ", head_hash = '"
                    + forged.get(forged.size() - 1).hash() + "' WHERE job_name = 'demo'");
        }
        CliRun.Result inserted = verify();
        assertThat(inserted.exit()).as(inserted.toString()).isEqualTo(11);
        assertThat(inserted.out()).doesNotContain("FOUND database:")
                .contains("FOUND site site-b: seq 12 (recording 00000000-0000-0000-0000-00000000f0f0): inserted in the"
                        + " database");
    }

    @Test
    void tamperingWithTheSitesCopyIsFoundAndTheEntryNamed() throws Exception {
        setUp(true);
        Path file = entriesFile();
        List<String> lines = Files.readAllLines(file);
        List<LedgerEntry> entries = dbEntries();

        // Edited: a line's checksum changed.
        List<String> edited = new ArrayList<>(lines);
        edited.set(6, lines.get(6).replace(entries.get(6).sha256(), "0".repeat(64)));
        Files.write(file, edited);
        CliRun.Result e = verify("--site", "site-b");
        assertThat(e.exit()).as(e.toString()).isEqualTo(11);
        assertThat(e.out()).contains("FOUND site site-b: seq 7 (recording " + entries.get(6).recordingId()
                + "): differs: its content does not match its hash");

        // Deleted: a line gone.
        List<String> deleted = new ArrayList<>(lines);
        deleted.remove(8);
        Files.write(file, deleted);
        CliRun.Result d = verify("--site", "site-b");
        assertThat(d.exit()).isEqualTo(11);
        assertThat(d.out()).contains("FOUND site site-b: seq 9: missing")
                .contains("FOUND site site-b: seq 9 (recording " + entries.get(8).recordingId() + "): inserted in the"
                        + " database (or deleted at the site)");

        // Inserted: a line repeated after the next.
        List<String> inserted = new ArrayList<>(lines);
        inserted.add(12, lines.get(3));
        Files.write(file, inserted);
        CliRun.Result i = verify("--site", "site-b");
        assertThat(i.exit()).isEqualTo(11);
        assertThat(i.out()).contains("FOUND site site-b: seq 4 (recording " + entries.get(3).recordingId()
                + "): inserted");

        // A head that names another hash.
        Files.write(file, lines);
        assertThat(verify().exit()).isZero();
        Path head = ledgerDir().resolve("head-000000000041.json");
        String headText = Files.readString(head);
        Files.writeString(head, headText.replace(entries.get(40).hash(), entries.get(39).hash()));
        CliRun.Result h = verify();
        assertThat(h.exit()).isEqualTo(11);
        assertThat(h.out()).contains("head-000000000041.json: the signed head's hash is not the hash of the site's entry 41");
        Files.writeString(head, headText);

        // The right chain but another key: a bad signature, exit 11.
        CliRun.Result other = cli.run("ledger", "keygen", "--out", tmp.resolve("other").toString());
        assertThat(other.exit()).isZero();
        CliRun.Result bad = verify("--public-key", tmp.resolve("other/ledger-public.pem").toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(12);
        assertThat(bad.out()).contains("bad signature").contains("BAD SIGNATURE");
    }

    @Test
    void aSegmentAlteredOrUnsignedIsFound() throws Exception {
        setUp(true);
        Path dir = demo.siteB.resolve(".recsync/manifest");
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.filter(p -> p.toString().endsWith(".jsonl.gz")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        byte[] altered = bytes.clone();
        altered[altered.length / 2] ^= 1;
        Files.write(segment, altered);
        CliRun.Result a = cli.run("manifest", "verify", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(a.exit()).as(a.toString()).isEqualTo(11);
        assertThat(a.out()).contains(segment.getFileName() + ": ALTERED");
        Files.write(segment, bytes);
        Path sig = Path.of(segment + ".sig");
        Files.delete(sig);
        CliRun.Result u = cli.run("manifest", "verify", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(u.exit()).isEqualTo(12);
        assertThat(u.out()).contains(segment.getFileName() + ": UNSIGNED");
    }

    @Test
    void aJobWithoutASigningKeyKeepsTheChainUnsigned() throws Exception {
        setUp(false);
        assertThat(dbEntries()).hasSize(2 * N + 1);
        assertThat(Files.readString(ledgerDir().resolve("head-000000000041.json"))).contains("\"signature\":null");
        CliRun.Result v = verify();
        assertThat(v.exit()).as(v.toString()).isEqualTo(12);
        assertThat(v.out()).contains("unsigned").doesNotContain("FOUND database");
        CliRun.Result status = cli.run("status", "--job", demo.job.toString());
        assertThat(status.out()).contains("ledger: 41 entries, head ").contains("unsigned (no ledger.signingKeyFile");
        CliRun.Result m = cli.run("manifest", "verify", "--job", demo.job.toString(), "--site", "site-b");
        assertThat(m.exit()).isEqualTo(12);
        assertThat(m.out()).contains("UNSIGNED");
    }
}
