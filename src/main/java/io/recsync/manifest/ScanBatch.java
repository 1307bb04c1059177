package io.recsync.manifest;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns batches of paired files into manifest entries: one cache lookup per batch for the files an
 * ordered read of the cache did not already match (none when all did), a read only of
 * the files the cache does not know (or of all of them when rehashing), one cache store per batch
 * for what was read.
 *
 * <p>Errors: a file that vanished, cannot be read (permissions, a permanent storage error) or
 * changed while it was read becomes a problem naming it, and the scan goes on; it is read again
 * by the next scan. A transient storage error, or an I/O error mid-stream, ends the scan so the
 * job retries it: hashes already stored are not read again.
 */
final class ScanBatch {


    private final String site;
    private final Connector connector;
    private final ChecksumCache cache;
    private final boolean rehash;
    private final RecordingResolver resolver;
    private final ScanCounters counters;
    private final Consumer<ManifestEntry> sink;
    private final java.time.Clock clock;

    ScanBatch(String site, Connector connector, ChecksumCache cache, boolean rehash, RecordingResolver resolver,
            ScanCounters counters, Consumer<ManifestEntry> sink, java.time.Clock clock) {
        this.site = site;
        this.connector = connector;
        this.cache = cache;
        this.rehash = rehash;
        this.resolver = resolver;
        this.counters = counters;
        this.sink = sink;
        this.clock = clock;
    }

    void run(List<SidecarPairing.Unit> units) {
        // Taken before any file of the batch is read (all were listed earlier still).
        java.time.Instant readFrom = clock.instant();
        List<ObjectInfo> unknown = new ArrayList<>();
        Map<StoragePath, CachedChecksum> cached = new java.util.HashMap<>();
        for (SidecarPairing.Unit u : units) {
            if (serverChecksum(u.audio()) != null) {
                // the storage's own checksum is used
            } else if (!rehash && u.audioCached() != null) {
                cached.put(u.audio().path(), u.audioCached());
            } else {
                unknown.add(u.audio());
            }
            if (u.sidecar() == null) {
                continue;
            }
            if (!rehash && u.sidecarCached() != null && u.sidecarCached().sidecar() != null) {
                cached.put(u.sidecar().path(), u.sidecarCached());
            } else {
                unknown.add(u.sidecar());
            }
        }
        if (!rehash && !unknown.isEmpty()) {
            // Files the ordered read did not match: new, changed, or listed in another order.
            cached.putAll(cache.lookup(unknown));
        }
        List<CachedChecksum> learnt = new ArrayList<>();
        for (SidecarPairing.Unit u : units) {
            try {
                FileRef audio = audio(u.audio(), cached, learnt);
                RecordingResolver.SidecarRead sidecar = u.sidecar() == null ? null : sidecar(u.sidecar(), cached, learnt);
                emit(resolver.resolve(u.audio(), audio, sidecar));
            } catch (UnreadableFile e) {
                emit(new ManifestEntry.Invalid(e.problem));
            }
        }
        learnt.removeIf(e -> !CachedChecksum.settled(e.modified(), readFrom));
        if (!learnt.isEmpty()) {
            cache.store(learnt);
        }
    }

    /** Trusted only when not rehashing: a full resync exists to catch what a stored checksum would hide. */
    private String serverChecksum(ObjectInfo info) {
        return rehash ? null : info.sha256().orElse(null);
    }

    private FileRef audio(ObjectInfo info, Map<StoragePath, CachedChecksum> cached, List<CachedChecksum> learnt) {
        String sha = serverChecksum(info);
        if (sha != null) {
            counters.serverChecksums++;
        } else if (cached.containsKey(info.path())) {
            counters.cacheHits++;
            sha = cached.get(info.path()).sha256();
        } else {
            sha = read(info, false).sha256();
            learnt.add(CachedChecksum.of(info, sha, null));
        }
        return new FileRef(info.path(), info.size(), sha);
    }

    private RecordingResolver.SidecarRead sidecar(ObjectInfo info, Map<StoragePath, CachedChecksum> cached,
            List<CachedChecksum> learnt) {
        CachedChecksum known = cached.get(info.path());
        if (known != null && known.sidecar() != null) {
            counters.cacheHits++;
            return new RecordingResolver.SidecarRead(new FileRef(info.path(), info.size(), known.sha256()), known.sidecar());
        }
        Read read = read(info, true);
        FileRef file = new FileRef(info.path(), info.size(), read.sha256());
        try {
            Sidecar sidecar = SidecarParser.parse(read.content());
            learnt.add(CachedChecksum.of(info, read.sha256(), sidecar));
            return new RecordingResolver.SidecarRead(file, sidecar);
        } catch (InvalidFieldException e) {
            // Not cached: an unusable sidecar is read and reported again until someone fixes it.
            emit(new ManifestEntry.Invalid(e.at(source(info.path()), 0)));
            return new RecordingResolver.SidecarRead(file, null);
        }
    }

    /** A file's SHA-256 and, for a sidecar, its first bytes (one more than a sidecar may have). */
    private record Read(String sha256, byte[] content) {}

    /** Reads the whole object through SHA-256, keeping the start of it when asked. */
    private Read read(ObjectInfo info, boolean keepContent) {
        Sha256.HashingInputStream hashing;
        byte[] content = null;
        try (InputStream in = connector.open(info.path())) {
            hashing = new Sha256.HashingInputStream(in);
            if (keepContent) {
                content = hashing.readNBytes(SidecarParser.MAX_BYTES + 1);
            }
            hashing.transferTo(OutputStream.nullOutputStream());
        } catch (NotFoundException e) {
            throw new UnreadableFile(problem(info, "was listed but is gone when read; the next scan will see whether it is back"));
        } catch (AccessDeniedException | PermanentStorageException e) {
            throw new UnreadableFile(problem(info, "cannot be read (" + e.getMessage() + "); check the site's storage and permissions"));
        } catch (IOException e) {
            throw new TransientStorageException(connector.describe() + ": reading " + info.path() + " failed: " + e.getMessage(), e);
        }
        counters.filesHashed++;
        counters.bytesHashed += hashing.count();
        if (hashing.count() != info.size()) {
            throw new UnreadableFile(problem(info, "changed while it was read: listed with " + info.size() + " bytes, read "
                    + hashing.count() + "; expected a finished file, the next scan will read it again"));
        }
        return new Read(hashing.sha256(), content);
    }

    private ManifestProblem problem(ObjectInfo info, String message) {
        return new ManifestProblem(source(info.path()), 0, null, message);
    }

    private String source(StoragePath path) {
        return site + ":" + path.value();
    }

    private void emit(ManifestEntry entry) {
        if (entry instanceof ManifestEntry.Valid) {
            counters.recordings++;
        } else {
            counters.problems++;
        }
        sink.accept(entry);
    }

    /** A file of the batch that cannot be listed this time; the batch goes on without it. */
    private static final class UnreadableFile extends RuntimeException {
        final ManifestProblem problem;

        UnreadableFile(ManifestProblem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }
}
