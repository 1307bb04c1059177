package io.recsync.sync;

import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.manifest.ManifestFormat;
import io.recsync.manifest.ManifestSegments;
import io.recsync.manifest.ManifestProblem;
import io.recsync.manifest.ManifestWriter;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ManifestFileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** `recsync manifest build`: scan one site in full and write out what it holds. */
public final class ManifestBuilder {

    /** What was built. */
    public record Result(long recordings, long problems, String writtenTo) {}

    private final SyncSession session;

    public ManifestBuilder(SyncSession session) {
        this.session = session;
    }

    /** @param out a local file to write, or null to publish a snapshot segment on the site */
    public Result build(String site, Path out) {
        long siteId = session.sites().id(site);
        Connector connector = session.sites().connector(site);
        long refreshId = -System.currentTimeMillis();
        List<ManifestProblem> problems = new ArrayList<>();
        List<ConflictRecord> duplicates = new ArrayList<>();
        new SiteScan(session, session.index(), siteId, site, connector, session.job().site(site).manifest().template(), false)
                .run(refreshId, problems::add, duplicates, new ArrayList<>());
        session.siteStore().markFullScanDone(siteId);
        problems.forEach(p -> session.warn(p.toString()));
        duplicates.forEach(d -> session.warn(d.detail()));
        try {
            Path target = out != null ? out : Files.createTempFile("recsync-snapshot", ".jsonl.gz");
            String name = target.getFileName().toString();
            AtomicLong n = new AtomicLong();
            try (OutputStream os = Files.newOutputStream(target);
                    ManifestWriter w = ManifestWriter.open(os, ManifestFormat.fromFileName(name), ManifestFormat.isGzip(name))) {
                session.index().forEach(siteId, r -> {
                    w.write(r);
                    n.incrementAndGet();
                });
            }
            String writtenTo = target.toAbsolutePath().toString();
            if (out == null) {
                StoragePath segment = ManifestSegments.segment(Instant.now(), "snapshot");
                String sha;
                try (InputStream in = Files.newInputStream(target)) {
                    sha = Sha256.of(in).sha256();
                }
                try (InputStream in = Files.newInputStream(target)) {
                    connector.put(segment, in, Files.size(target), sha, WriteMode.CREATE_NEW);
                }
                java.security.PrivateKey key = EvidenceLedger.signingKey(session.job().ledger(), session);
                if (key != null) {
                    // Signed like every segment recsync publishes (README "Evidence" > "Signed manifests").
                    String job = session.job().name();
                    ManifestSignatures.sign(connector, segment, sha, Files.size(target), job,
                            new io.recsync.store.LedgerStore(session.db().jdbc()).head(job).seq(), key);
                }
                connector.find(segment).ifPresent(i -> new ManifestFileStore(session.db().jdbc())
                        .markRead(siteId, segment.value(), i.size(), i.modified().toEpochMilli()));
                Files.deleteIfExists(target);
                writtenTo = site + ":" + segment;
            }
            return new Result(n.get(), problems.size() + duplicates.size(), writtenTo);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the manifest of site " + site, e);
        }
    }
}
