package io.recsync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.config.LedgerSettings;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.store.LedgerCodec;
import io.recsync.store.LedgerEntry;
import io.recsync.store.LedgerKeys;
import io.recsync.store.LedgerStore;
import io.recsync.store.RunRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a run's part in the evidence ledger (README "Evidence" > "Ledger"): appends the run's
 * RUN entry, then writes to every site whose copy of the chain is behind (the sites this run, or a
 * killed one before it, placed files at) the entries it lacks and the signed head, under
 * {@code .recsync/ledger/<job>/}, create-only, through the site's connector like a manifest segment.
 */
public final class EvidenceLedger {

    /** Where sites keep their copy of the chain, one directory per job. */
    public static final StoragePath DIRECTORY = StoragePath.of(".recsync/ledger");
    static final Pattern ENTRIES = Pattern.compile("entries-([0-9]{12})-([0-9]{12})\\.jsonl");
    static final Pattern HEAD = Pattern.compile("head-([0-9]{12})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyncSession session;
    private final LedgerStore store;

    public EvidenceLedger(SyncSession session) {
        this.session = session;
        this.store = new LedgerStore(session.db().jdbc());
    }

    public static StoragePath directory(String job) {
        return DIRECTORY.resolve(job);
    }

    static String seq12(long seq) {
        return String.format("%012d", seq);
    }

    /** At run start, before workers append: the chain's head row exists. */
    public void open() {
        store.ensureHead(session.job().name());
    }

    /**
     * Appends the run's RUN entry and brings the sites' copies up to the new head. Never fails the
     * run: a site that cannot be written gets its entries with the next run that writes to it.
     */
    public void closeRun(long executionId, RunRecord r) {
        if (recordRun(executionId, r)) {
            publish();
        }
    }

    /** Appends the run's RUN entry only (a dead run recovered by a later one); false when it could not. */
    public boolean recordRun(long executionId, RunRecord r) {
        String job = session.job().name();
        String detail = "status=" + r.status() + " exit=" + (r.exitCode() == null ? "" : r.exitCode()) + " planned="
                + r.planned() + " copied=" + r.copied() + " bytes=" + r.bytesCopied() + " failed=" + r.failed()
                + " conflicts=" + r.conflicts();
        try {
            new TransactionTemplate(new JdbcTransactionManager(session.db().dataSource())).executeWithoutResult(t ->
                    store.append(job, executionId, List.of(new LedgerEntry.Draft(LedgerEntry.Kind.RUN, null, null, null,
                            null, null, detail))));
        } catch (RuntimeException e) {
            session.warn("ledger: the run's entry could not be appended (" + e.getMessage() + "); the chain is intact,"
                    + " this run is missing from it");
            return false;
        }
        return true;
    }

    /** Writes the entries each site lacks and the signed head to every site that is behind. */
    public void publish() {
        publish(session.job(), store, session.sites(), session::warn);
    }

    /**
     * Writes the entries each of the job's writable sites lacks and the signed head to every one
     * that is behind (a run's end, a resolution, an audit's repairs). A site that cannot be written
     * gets a warning and its entries with the next publish.
     */
    public static void publish(io.recsync.config.JobDefinition jobDef, LedgerStore store, SiteConnectors sites,
            java.util.function.Consumer<String> warn) {
        String job = jobDef.name();
        PrivateKey key = signingKey(jobDef.ledger(), warn);
        LedgerStore.Head head = store.head(job);
        List<String> writable = jobDef.sites().values().stream().filter(s -> !s.readOnly())
                .map(io.recsync.config.SiteDefinition::name).toList();
        for (String site : store.sitesBehind(job, writable)) {
            try {
                Connector c = sites.connector(sites.id(site));
                writeTo(store, c, job, head, key);
                store.copied(job, site, head.seq());
            } catch (RuntimeException e) {
                warn.accept("ledger: could not write the ledger to site '" + site + "' (" + e.getMessage()
                        + "); the next run that writes there brings it up to date");
            }
        }
    }

    /** The job's signing key, or null (unsigned) when it has none or it cannot be read (then a warning). */
    static PrivateKey signingKey(LedgerSettings settings, SyncSession session) {
        return signingKey(settings, session::warn);
    }

    static PrivateKey signingKey(LedgerSettings settings, java.util.function.Consumer<String> warn) {
        if (settings == null || !settings.signs()) {
            return null;
        }
        try {
            return LedgerKeys.privateKey(settings.signingKey().reveal(), settings.signingKeySource());
        } catch (IllegalArgumentException e) {
            warn.accept("ledger: " + e.getMessage() + "; heads and manifests of this run are unsigned");
            return null;
        }
    }

    /** The highest seq the site's entry files reach (0 for none). */
    static long siteReach(Connector c, String job) {
        long reach = 0;
        try (Stream<ObjectInfo> s = c.walk(directory(job))) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) s::iterator) {
                Matcher m = ENTRIES.matcher(o.path().name());
                if (o.path().parent().equals(directory(job)) && m.matches()) {
                    reach = Math.max(reach, Long.parseLong(m.group(2)));
                }
            }
        } catch (NotFoundException e) {
            return 0;
        }
        return reach;
    }

    private static void writeTo(LedgerStore store, Connector c, String job, LedgerStore.Head head, PrivateKey key) {
        long from = siteReach(c, job) + 1;
        if (from <= head.seq()) {
            Path staged = null;
            try {
                staged = Files.createTempFile("recsync-ledger", ".jsonl");
                try (OutputStream out = Files.newOutputStream(staged)) {
                    store.forEach(job, from - 1, e -> {
                        if (e.seq() <= head.seq()) {
                            try {
                                out.write((LedgerCodec.toJsonLine(e) + "\n").getBytes(StandardCharsets.UTF_8));
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            }
                        }
                    });
                }
                StoragePath name = directory(job).resolve("entries-" + seq12(from) + "-" + seq12(head.seq()) + ".jsonl");
                String sha;
                try (InputStream in = Files.newInputStream(staged)) {
                    sha = io.recsync.connector.Sha256.of(in).sha256();
                }
                try (InputStream in = Files.newInputStream(staged)) {
                    c.put(name, in, Files.size(staged), sha, WriteMode.CREATE_NEW);
                } catch (AlreadyExistsException already) {
                    // a killed run wrote it: the same entries (seqs never change)
                }
            } catch (IOException e) {
                throw new UncheckedIOException("staging ledger entries", e);
            } finally {
                if (staged != null) {
                    try {
                        Files.deleteIfExists(staged);
                    } catch (IOException ignored) {
                        // a temp file
                    }
                }
            }
        }
        putCreateOnly(c, directory(job).resolve("head-" + seq12(head.seq()) + ".json"), headJson(job, head, key));
    }

    /** The signed head file: job, seq, hash, when, and the Ed25519 signature of {@link LedgerCodec#headStatement} (or null). */
    static byte[] headJson(String job, LedgerStore.Head head, PrivateKey key) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "recsync-ledger-head-v1");
        n.put("job", job);
        n.put("seq", head.seq());
        n.put("hash", head.hash());
        n.put("signedAt", LedgerCodec.at(Instant.now()));
        n.put("algorithm", LedgerKeys.ALGORITHM);
        if (key == null) {
            n.putNull("signature");
        } else {
            n.put("signature", LedgerKeys.sign(key, LedgerCodec.headStatement(job, head.seq(), head.hash())));
        }
        return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static void putCreateOnly(Connector c, StoragePath name, byte[] bytes) {
        try {
            c.put(name, new ByteArrayInputStream(bytes), bytes.length, LedgerCodec.sha256Hex(bytes), WriteMode.CREATE_NEW);
        } catch (AlreadyExistsException already) {
            // written before for this very seq: it stands
        }
    }
}
