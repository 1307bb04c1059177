package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.local.LocalConnector;
import io.recsync.connector.local.LocalSettings;
import io.recsync.manifest.CachedChecksum;
import io.recsync.manifest.ChecksumCache;
import io.recsync.manifest.ManifestEntry;
import io.recsync.manifest.Recording;
import io.recsync.manifest.ScanStats;
import io.recsync.manifest.SiteScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A nightly scan of a real local site merged, in path order, with the checksum cache and the
 * manifest index of each state database kind: unchanged files are matched without a lookup, and
 * every new, changed (same size with another mtime; another size with the same mtime) or removed
 * file is seen exactly as the batched lookups saw it.
 */
abstract class ScanMergeContract {

    /** Names whose order differs between "sort each directory by name" and "sort whole paths". */
    static final List<String> DIRS = List.of("a", "a.b", "a-b", "a b", "a/b", "a/b/c", "aa", "A", "B", "_x", "ä", "日本", "z9",
            "z10", "acme/support/2026/11/20", "acme/support/2026/11/2", "acme/support/2026/11/20.old");

    static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");

    Path site;
    StateDatabase db;
    long siteId;
    LocalConnector connector;
    /** Keys the scanner had to look up in the cache (what the ordered read did not match). */
    final AtomicInteger lookedUp = new AtomicInteger();
    final Map<Integer, String> layout = new TreeMap<>();

    abstract StateDatabase openDatabase(Path dir) throws Exception;

    abstract Path dir();

    @BeforeEach
    void site() throws Exception {
        site = Files.createDirectories(dir().resolve("site"));
        db = openDatabase(dir());
        siteId = new SiteStore(db.jdbc()).idFor("job", "a", "local:" + site);
        connector = new LocalConnector(new LocalSettings(site, false, false));
        int n = 0;
        for (String d : DIRS) {
            for (String base : List.of("b", "r.x", "s")) {
                layout.put(n, d + "/" + base);
                writeRecording(n, "audio " + n, OLD);
                n++;
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        connector.close();
        db.close();
    }

    @Test
    void anUnchangedSiteIsMatchedInOrderWithoutALookupOrAnIndexRead() throws Exception {
        Scan first = scan(1);
        assertThat(first.stats.filesHashed()).isEqualTo(2L * layout.size());
        assertThat(first.inserted).isEqualTo(layout.size());

        Scan second = scan(2);

        assertThat(second.stats.filesHashed()).isZero();
        assertThat(second.lookedUp).as("every unchanged file matched by the ordered read").isZero();
        assertThat(second.knownUnchanged).as("every recording matched with its index row").isEqualTo(layout.size());
        assertThat(second.inserted + second.updated).isZero();
        assertThat(second.recordings).isEqualTo(first.recordings);
    }

    @Test
    void newChangedAndRemovedFilesAreSeenExactlyAsByLookups() throws Exception {
        scan(1);
        // same size, other bytes, another mtime: must be read again, whatever the path says
        int sameSize = 4;
        Path a = audio(sameSize);
        String before = Files.readString(a);
        writeFile(a, before.replace('a', 'A'), OLD.plusSeconds(60));
        // another size, the same mtime
        int otherSize = 10;
        writeFile(audio(otherSize), "audio " + otherSize + " re-recorded", OLD);
        // a sidecar touched, bytes unchanged: read again, the recording the same
        int touched = 20;
        Files.setLastModifiedTime(sidecar(touched), FileTime.from(OLD.plusSeconds(5)));
        // gone
        int removed = 30;
        Files.delete(audio(removed));
        Files.delete(sidecar(removed));
        // new, between existing paths
        int added = 1000;
        layout.put(added, "a.b/q");
        writeRecording(added, "audio new", OLD);

        Scan s = scan(2);

        assertThat(s.stats.filesHashed()).as("the two changed audio files, the touched sidecar, the new pair").isEqualTo(5);
        assertThat(s.lookedUp).as("only what the ordered read did not match is looked up").isEqualTo(5);
        assertThat(s.recordings).doesNotContainKey(id(removed)).hasSize(layout.size() - 1);
        for (Map.Entry<UUID, Recording> e : s.recordings.entrySet()) {
            Recording r = e.getValue();
            assertThat(r.audio().sha256()).as(r.audio().path().value())
                    .isEqualTo(Sha256.of(Files.readAllBytes(site.resolve(r.audio().path().value()))));
            assertThat(r.metadata().sha256()).isEqualTo(Sha256.of(Files.readAllBytes(site.resolve(r.metadata().path().value()))));
        }
        assertThat(s.inserted).isEqualTo(1);
        assertThat(s.updated).as("both changed audio files").isEqualTo(2);
        assertThat(s.knownUnchanged).isEqualTo(layout.size() - 1 - 3);
        ManifestIndex index = new ManifestIndex(db.jdbc());
        for (Recording r : s.recordings.values()) {
            assertThat(index.find(siteId, r.id())).isEqualTo(r);
        }
        // The removed recording keeps its row (a nightly only adds; a resync drops), as before.
        assertThat(index.count(siteId)).isEqualTo(layout.size());

        Scan again = scan(3);
        assertThat(again.stats.filesHashed()).isZero();
        assertThat(again.lookedUp).isZero();
        assertThat(again.recordings).isEqualTo(s.recordings);
    }

    @Test
    void aFileChangedOnlyInItsModificationTimeIsReadAgain() throws Exception {
        scan(1);
        int n = 7;
        Path a = audio(n);
        String other = Files.readString(a).replace("audio", "AUDIO");
        writeFile(a, other, OLD.plusNanos(1000));

        Scan s = scan(2);

        assertThat(s.stats.filesHashed()).isEqualTo(1);
        assertThat(s.recordings.get(id(n)).audio().sha256()).isEqualTo(Sha256.of(other.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(new ManifestIndex(db.jdbc()).find(siteId, id(n)).audio().sha256()).isEqualTo(s.recordings.get(id(n)).audio().sha256());
    }

    /** What one scan saw and wrote. */
    record Scan(ScanStats stats, int lookedUp, Map<UUID, Recording> recordings, int inserted, int updated, int knownUnchanged) {}

    /** A nightly's scan as the sync step runs it (SiteScan): ordered reads of the cache and of the index. */
    Scan scan(long refreshId) {
        lookedUp.set(0);
        JdbcChecksumCache jdbcCache = new JdbcChecksumCache(db.jdbc(), siteId);
        ChecksumCache counting = new ChecksumCache() {
            @Override
            public Map<StoragePath, CachedChecksum> lookup(List<ObjectInfo> batch) {
                lookedUp.addAndGet(batch.size());
                return jdbcCache.lookup(batch);
            }

            @Override
            public void store(List<CachedChecksum> entries) {
                jdbcCache.store(entries);
            }

            @Override
            public Ordered ordered() {
                return jdbcCache.ordered();
            }
        };
        ManifestIndex index = new ManifestIndex(db.jdbc());
        IndexByAudioPath byPath = index.byAudioPath(siteId);
        Map<UUID, Recording> found = new HashMap<>();
        List<Recording> batch = new ArrayList<>();
        Map<UUID, Recording> known = new HashMap<>();
        int[] counts = new int[3];
        Runnable flush = () -> {
            ManifestIndex.UpsertResult r = index.upsert(siteId, refreshId, ManifestIndex.Origin.SCAN, batch, false, known);
            counts[0] += r.inserted();
            counts[1] += r.updated();
            if (r.inserted() + r.updated() > 0) {
                byPath.reread();
            }
            batch.clear();
            known.clear();
        };
        ScanStats stats = new SiteScanner("a", connector, null, counting).withLimits(4, 100).scan(StoragePath.ROOT, false, e -> {
            assertThat(e).isInstanceOf(ManifestEntry.Valid.class);
            Recording r = ((ManifestEntry.Valid) e).recording();
            assertThat(found.put(r.id(), r)).isNull();
            batch.add(r);
            if (byPath.holds(r)) {
                known.put(r.id(), r);
                counts[2]++;
            }
            if (batch.size() >= 5) {
                flush.run();
            }
        });
        flush.run();
        return new Scan(stats, lookedUp.get(), found, counts[0], counts[1], counts[2]);
    }

    static UUID id(int n) {
        return new UUID(0x1234_0000_0000_4000L | n, 0x8000_0000_0000_0000L | n);
    }

    Path audio(int n) {
        return site.resolve(layout.get(n) + ".wav");
    }

    Path sidecar(int n) {
        return site.resolve(layout.get(n) + ".json");
    }

    void writeRecording(int n, String audioBytes, Instant mtime) throws IOException {
        writeFile(audio(n), audioBytes, mtime);
        writeFile(sidecar(n), "{\"id\":\"" + id(n) + "\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"2026-11-20T14:03:11Z\",\"version\":1}", mtime);
    }

    static void writeFile(Path p, String content, Instant mtime) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
    }
}
