package io.recsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import io.recsync.store.LedgerCodec;
import io.recsync.store.LedgerEntry;
import io.recsync.store.LedgerKeys;
import io.recsync.store.LedgerStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * `recsync ledger verify`: recomputes a job's chain from the state database and from each site's
 * copy, compares the two, and checks the signed heads with the public key alone. Names the first
 * entry (seq, recording) that differs, is missing or was inserted.
 */
public final class LedgerVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How bad a finding is; the worst decides the exit code. */
    public enum Severity {
        /** A chain does not hold together, or two copies disagree. */
        BROKEN,
        /** A head's signature is bad or missing, or there is no key to check it. */
        SIGNATURE,
        /** A site could not be read. */
        UNREADABLE
    }

    /**
     * @param where "database" or "site NAME"
     * @param seq the first entry concerned, or null
     * @param recording that entry's recording, or null
     */
    public record Finding(Severity severity, String where, Long seq, UUID recording, String message) {
        @Override
        public String toString() {
            return where + ": " + (seq == null ? "" : "seq " + seq + (recording == null ? "" : " (recording " + recording
                    + ")") + ": ") + message;
        }
    }

    /** What was checked and found. */
    public record Result(long databaseEntries, List<String> checked, int signedHeads, int unsignedHeads,
            List<Finding> findings) {

        public ExitCode exitCode() {
            if (findings.stream().anyMatch(f -> f.severity() == Severity.BROKEN)) {
                return ExitCode.EVIDENCE_BROKEN;
            }
            if (findings.stream().anyMatch(f -> f.severity() == Severity.SIGNATURE)) {
                return ExitCode.UNSIGNED;
            }
            if (!findings.isEmpty()) {
                return ExitCode.FAILED;
            }
            return ExitCode.SUCCESS;
        }
    }

    private final String job;
    private final PublicKey key;
    private final String keyName;

    /** @param key the public key heads are checked with; null: signatures cannot be checked (a finding) */
    public LedgerVerifier(String job, PublicKey key, String keyName) {
        this.job = job;
        this.key = key;
        this.keyName = keyName;
    }

    /**
     * @param sites the sites to check, by name (a site with no ledger copy yet is reported as such)
     */
    /**
     * Checks the database's chain and the copies at {@code site} (null: every site of the job that
     * holds a copy or should), with the job's sites opened through the session.
     */
    public static Result verify(SyncSession session, String site, PublicKey key, String keyName) {
        String job = session.job().name();
        LedgerStore store = new LedgerStore(session.db().jdbc());
        java.util.Map<String, Connector> sites = new java.util.LinkedHashMap<>();
        List<String> names = site != null ? List.of(site) : List.copyOf(session.job().sites().keySet());
        for (String name : names) {
            session.job().site(name);
            sites.put(name, session.sites().connector(session.sites().id(name)));
        }
        return new LedgerVerifier(job, key, keyName).verify(store, sites, site != null);
    }

    public Result verify(LedgerStore store, java.util.Map<String, Connector> sites, boolean named) {
        List<Finding> findings = new ArrayList<>();
        List<LedgerEntry> db = store.entries(job);
        LedgerStore.Head head = store.head(job);
        Finding dbBreak = firstBreak("database", db);
        if (dbBreak != null) {
            findings.add(dbBreak);
        }
        long last = db.isEmpty() ? 0 : db.get(db.size() - 1).seq();
        if (dbBreak == null && head.seq() != last) {
            findings.add(head.seq() > last
                    ? new Finding(Severity.BROKEN, "database", last + 1, null, "missing: the chain's head row says seq "
                            + head.seq() + " but the entries end at " + last + " (entries deleted from the end)")
                    : new Finding(Severity.BROKEN, "database", head.seq() + 1, db.get((int) Math.min(db.size() - 1,
                            head.seq())).recordingId(), "inserted: an entry beyond the chain's head (seq " + head.seq()
                            + ")"));
        } else if (dbBreak == null && !db.isEmpty() && !head.hash().equals(db.get(db.size() - 1).hash())) {
            findings.add(new Finding(Severity.BROKEN, "database", last, db.get(db.size() - 1).recordingId(),
                    "differs: the head row's hash is not this entry's"));
        }
        List<String> checked = new ArrayList<>();
        int[] heads = new int[2];
        for (var s : sites.entrySet()) {
            String where = "site " + s.getKey();
            try {
                SiteCopy copy = read(s.getValue(), where);
                if (copy.entries.isEmpty() && copy.heads.isEmpty() && copy.problems.isEmpty()) {
                    long said = store.copiedSeq(job, s.getKey());
                    if (said > 0) {
                        findings.add(new Finding(Severity.BROKEN, where, 1L, null, "missing: the site holds no copy of"
                                + " the ledger, but the database says it was written up to seq " + said + " (deleted)"));
                    } else if (named) {
                        findings.add(new Finding(Severity.UNREADABLE, where, null, null, "holds no copy of the ledger"
                                + " of job '" + job + "' (no run has placed files there yet)"));
                    } else {
                        checked.add(where + ": no copy (no run has placed files there)");
                    }
                    continue;
                }
                checked.add(where + ": " + copy.entries.size() + " entries, " + copy.heads.size() + " head(s)");
                findings.addAll(copy.problems);
                Finding siteBreak = firstBreak(where, copy.entries);
                if (siteBreak != null) {
                    findings.add(siteBreak);
                }
                Finding diff = firstDifference(where, db, copy.entries);
                if (diff != null) {
                    findings.add(diff);
                }
                for (JsonNode h : copy.heads) {
                    checkHead(where, h, db, copy.entries, findings, heads);
                }
            } catch (RuntimeException e) {
                findings.add(new Finding(Severity.UNREADABLE, where, null, null, "could not be read: " + e.getMessage()));
            }
        }
        return new Result(db.size(), checked, heads[0], heads[1], findings);
    }

    private record SiteCopy(List<LedgerEntry> entries, List<JsonNode> heads, List<Finding> problems) {}

    private SiteCopy read(Connector c, String where) {
        StoragePath dir = EvidenceLedger.directory(job);
        List<StoragePath> entryFiles = new ArrayList<>();
        List<StoragePath> headFiles = new ArrayList<>();
        try (Stream<ObjectInfo> s = c.walk(dir)) {
            s.forEach(o -> {
                if (!o.path().parent().equals(dir)) {
                    return;
                }
                if (EvidenceLedger.ENTRIES.matcher(o.path().name()).matches()) {
                    entryFiles.add(o.path());
                } else if (EvidenceLedger.HEAD.matcher(o.path().name()).matches()) {
                    headFiles.add(o.path());
                }
            });
        } catch (NotFoundException e) {
            // no copy yet
        }
        entryFiles.sort(java.util.Comparator.comparing(StoragePath::value));
        headFiles.sort(java.util.Comparator.comparing(StoragePath::value));
        List<LedgerEntry> entries = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        for (StoragePath f : entryFiles) {
            try (InputStream in = c.open(f);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        entries.add(LedgerCodec.fromJsonLine(line));
                    } catch (IllegalArgumentException e) {
                        problems.add(new Finding(Severity.BROKEN, where, null, null, f.value() + ":" + n + ": "
                                + e.getMessage()));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("reading " + f.value(), e);
            }
        }
        List<JsonNode> heads = new ArrayList<>();
        for (StoragePath f : headFiles) {
            try (InputStream in = c.open(f)) {
                JsonNode h = JSON.readTree(in);
                ((com.fasterxml.jackson.databind.node.ObjectNode) h).put("_file", f.value());
                heads.add(h);
            } catch (IOException | ClassCastException e) {
                problems.add(new Finding(Severity.BROKEN, where, null, null, f.value() + ": not a JSON head"));
            }
        }
        return new SiteCopy(entries, heads, problems);
    }

    private void checkHead(String where, JsonNode h, List<LedgerEntry> db, List<LedgerEntry> site,
            List<Finding> findings, int[] counts) {
        String file = h.path("_file").asText();
        long seq = h.path("seq").asLong(-1);
        String hash = h.path("hash").asText();
        LedgerEntry mine = bySeq(site, seq);
        LedgerEntry ours = bySeq(db, seq);
        if (!job.equals(h.path("job").asText())) {
            findings.add(new Finding(Severity.BROKEN, where, seq, null, file + " names job '" + h.path("job").asText()
                    + "'"));
        }
        if (mine == null || !hash.equals(mine.hash())) {
            findings.add(new Finding(Severity.BROKEN, where, seq, mine == null ? null : mine.recordingId(), file
                    + ": the signed head's hash is not the hash of the site's entry " + seq
                    + (mine == null ? " (the site has no such entry)" : "")));
        } else if (ours != null && !hash.equals(ours.hash())) {
            findings.add(new Finding(Severity.BROKEN, where, seq, ours.recordingId(), file
                    + ": the signed head's hash is not the database's entry " + seq + " hash"));
        }
        String sig = h.hasNonNull("signature") ? h.get("signature").asText() : null;
        if (sig == null) {
            counts[1]++;
            findings.add(new Finding(Severity.SIGNATURE, where, seq, null, file + ": unsigned (the job has no"
                    + " ledger.signingKeyFile)"));
        } else if (key == null) {
            counts[1]++;
            findings.add(new Finding(Severity.SIGNATURE, where, seq, null, file + ": signed, but no public key to check"
                    + " it with: give --public-key FILE or ledger.publicKeyFile in the job"));
        } else if (!LedgerKeys.verify(key, LedgerCodec.headStatement(job, seq, hash), sig)) {
            findings.add(new Finding(Severity.SIGNATURE, where, seq, null, file + ": bad signature: it does not verify"
                    + " with " + keyName));
        } else {
            counts[0]++;
        }
    }

    private static LedgerEntry bySeq(List<LedgerEntry> entries, long seq) {
        int i = (int) (seq - 1);
        if (i >= 0 && i < entries.size() && entries.get(i).seq() == seq) {
            return entries.get(i);
        }
        for (LedgerEntry e : entries) {
            if (e.seq() == seq) {
                return e;
            }
        }
        return null;
    }

    /**
     * The first place {@code entries} do not form the chain: an entry whose content does not match
     * its hash (differs), a seq skipped (missing), or an entry that does not follow the one before
     * (inserted). Null when the chain holds.
     */
    public Finding firstBreak(String where, List<LedgerEntry> entries) {
        String prev = LedgerCodec.GENESIS;
        long expected = 1;
        for (LedgerEntry e : entries) {
            if (e.seq() > expected) {
                return new Finding(Severity.BROKEN, where, expected, null, "missing: the chain goes from seq "
                        + (expected - 1) + " to " + e.seq() + " (entry deleted)");
            }
            if (e.seq() < expected) {
                return new Finding(Severity.BROKEN, where, e.seq(), e.recordingId(), "inserted: a second entry with seq "
                        + e.seq() + " after seq " + (expected - 1));
            }
            if (!job.equals(e.job()) || !Objects.equals(LedgerCodec.hashOf(e), e.hash())) {
                return new Finding(Severity.BROKEN, where, e.seq(), e.recordingId(), "differs: its content does not"
                        + " match its hash (changed after it was written)");
            }
            if (!prev.equals(e.prevHash())) {
                return new Finding(Severity.BROKEN, where, e.seq(), e.recordingId(), "inserted: it does not follow seq "
                        + (e.seq() - 1) + " (its previous hash is not that entry's)");
            }
            prev = e.hash();
            expected++;
        }
        return null;
    }

    /** The first entry where the site's copy and the database disagree; null when one is a prefix of the other. */
    static Finding firstDifference(String where, List<LedgerEntry> db, List<LedgerEntry> site) {
        int n = Math.min(db.size(), site.size());
        for (int i = 0; i < n; i++) {
            LedgerEntry a = db.get(i);
            LedgerEntry b = site.get(i);
            if (a.equals(b)) {
                continue;
            }
            if (i + 1 < site.size() && sameContent(a, site.get(i + 1))) {
                return new Finding(Severity.BROKEN, where, b.seq(), b.recordingId(), "inserted at the site (or deleted"
                        + " from the database): the site's copy holds this entry, the database goes on with the next");
            }
            if (i + 1 < db.size() && sameContent(db.get(i + 1), b)) {
                return new Finding(Severity.BROKEN, where, a.seq(), a.recordingId(), "inserted in the database (or"
                        + " deleted at the site): the database holds this entry, the site's copy goes on with the next");
            }
            return new Finding(Severity.BROKEN, where, a.seq(), a.recordingId(), "differs between the database and the"
                    + " site: " + diff(a, b));
        }
        if (site.size() > db.size()) {
            LedgerEntry b = site.get(db.size());
            return new Finding(Severity.BROKEN, where, b.seq(), b.recordingId(), "missing from the database: the site's"
                    + " copy goes on to seq " + site.get(site.size() - 1).seq() + ", the database ends at "
                    + (db.isEmpty() ? 0 : db.get(db.size() - 1).seq()));
        }
        return null;
    }

    /** Equal in what the entry says, whatever its place in the chain (seq and hashes). */
    private static boolean sameContent(LedgerEntry a, LedgerEntry b) {
        return Objects.equals(a.kind(), b.kind()) && Objects.equals(a.recordingId(), b.recordingId())
                && Objects.equals(a.site(), b.site()) && Objects.equals(a.path(), b.path())
                && Objects.equals(a.sha256(), b.sha256()) && Objects.equals(a.size(), b.size()) && a.run() == b.run()
                && Objects.equals(a.at(), b.at()) && Objects.equals(a.detail(), b.detail());
    }

    private static String diff(LedgerEntry a, LedgerEntry b) {
        List<String> d = new ArrayList<>();
        cmp(d, "seq", a.seq(), b.seq());
        cmp(d, "kind", a.kind(), b.kind());
        cmp(d, "recording", a.recordingId(), b.recordingId());
        cmp(d, "site", a.site(), b.site());
        cmp(d, "path", a.path(), b.path());
        cmp(d, "sha256", a.sha256(), b.sha256());
        cmp(d, "size", a.size(), b.size());
        cmp(d, "run", a.run(), b.run());
        cmp(d, "at", a.at(), b.at());
        cmp(d, "detail", a.detail(), b.detail());
        cmp(d, "prev", a.prevHash(), b.prevHash());
        cmp(d, "hash", a.hash(), b.hash());
        return String.join("; ", d);
    }

    private static void cmp(List<String> d, String field, Object db, Object site) {
        if (!Objects.equals(db, site)) {
            d.add(field + " " + db + " in the database, " + site + " at the site");
        }
    }
}
