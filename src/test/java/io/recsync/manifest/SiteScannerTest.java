package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteScannerTest {

    static final PathTemplate TEMPLATE = PathTemplate.compile("{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}");
    static final UUID ID1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID ID2 = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID ID3 = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final UUID ID4 = UUID.fromString("44444444-4444-4444-8444-444444444444");

    @TempDir
    Path root;
    NioTestConnector connector;
    InMemoryChecksumCache cache;

    record Result(List<ManifestEntry> entries, ScanStats stats) {
        List<Recording> recordings() {
            return entries.stream().filter(e -> e instanceof ManifestEntry.Valid)
                    .map(e -> ((ManifestEntry.Valid) e).recording())
                    .sorted(Comparator.comparing(Recording::id)).toList();
        }

        List<String> problems() {
            return entries.stream().filter(e -> e instanceof ManifestEntry.Invalid)
                    .map(e -> ((ManifestEntry.Invalid) e).problem().toString()).sorted().toList();
        }

        Recording recording(UUID id) {
            return recordings().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        }
    }

    @BeforeEach
    void site() throws IOException {
        connector = new NioTestConnector(root);
        cache = new InMemoryChecksumCache();
        write("acme/support/2026/11/20/" + ID1 + ".wav", "audio one");
        write("acme/support/2026/11/20/" + ID1 + ".json", "{\"id\":\"" + ID1 + "\",\"tenant\":\"acme\",\"group\":\"support\","
                + "\"recordedAt\":\"2026-11-20T14:03:11Z\",\"caller\":\"+4930123\",\"durationSeconds\":42.5,\"version\":2}");
        write("acme/sales/2026/11/21/" + ID2 + ".WAV", "audio two, no sidecar");
        write("acme/support/2026/11/22/" + ID3 + ".mp3", "audio three");
        write("acme/support/2026/11/22/" + ID3 + ".json", "{\"recordedAt\":\"2026-11-22T09:30:00Z\"}");
        write("acme/support/2026/11/23/" + ID4 + ".flac", "audio four");
        write("acme/support/2026/11/23/" + ID4 + ".json", "{\"id\": broken");
        write("misc/unknown call.ogg", "audio nobody can place");
        write("acme/support/2026/11/20/notes.json", "{}");
        write("acme/readme.txt", "not a recording");
        write(".recsync/manifest/20261120T000000000Z-run1.jsonl.gz", "recsync's own");
        write("acme/support/2026/11/20/" + UUID.randomUUID() + ".wav.recsync-tmp-7", "half a copy");
    }

    @Test
    void pairsAudioWithSidecarsAndFallsBackToThePathTemplate() throws IOException {
        Result r = scan(false);

        Recording one = r.recording(ID1);
        assertThat(one).isEqualTo(new Recording(ID1, "acme", "support", Instant.parse("2026-11-20T14:03:11Z"),
                file("acme/support/2026/11/20/" + ID1 + ".wav"), file("acme/support/2026/11/20/" + ID1 + ".json"), 2));
        assertThat(r.recording(ID2)).isEqualTo(new Recording(ID2, "acme", "sales", Instant.parse("2026-11-21T00:00:00Z"),
                file("acme/sales/2026/11/21/" + ID2 + ".WAV"), null, 1));
        assertThat(r.recording(ID3)).isEqualTo(new Recording(ID3, "acme", "support", Instant.parse("2026-11-22T09:30:00Z"),
                file("acme/support/2026/11/22/" + ID3 + ".mp3"), file("acme/support/2026/11/22/" + ID3 + ".json"), 1));
        // An unusable sidecar is reported, and the audio still listed (with the sidecar as its metadata file).
        assertThat(r.recording(ID4)).isEqualTo(new Recording(ID4, "acme", "support", Instant.parse("2026-11-23T00:00:00Z"),
                file("acme/support/2026/11/23/" + ID4 + ".flac"), file("acme/support/2026/11/23/" + ID4 + ".json"), 1));
        assertThat(r.recordings()).hasSize(4);
        assertThat(r.problems()).containsExactly(
                "site-a:acme/support/2026/11/23/" + ID4 + ".json: malformed JSON at column 8 (Unrecognized token 'broken': "
                        + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')); "
                        + "expected a sidecar holding one JSON object",
                "site-a:misc/unknown call.ogg: field 'id': cannot tell the recording's id, tenant, group: there is no sidecar "
                        + "unknown call.json and the path does not match the template '{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}'; "
                        + "expected a sidecar with these fields or a path matching the template");
        assertThat(r.stats()).isEqualTo(new ScanStats(12, 2, 1, 1, 4, 2, 8, r.stats().bytesHashed(), 0, 0));
        assertThat(r.stats().bytesHashed()).isEqualTo(connector.bytesRead.get()).isEqualTo(sizeOfAll(8));
        assertThat(connector.stats.get()).as("no stat per file while few files wait for a partner").isZero();
    }

    @Test
    void aSecondScanReadsNothingAndListsTheSame() throws IOException {
        Files.delete(root.resolve("acme/support/2026/11/23/" + ID4 + ".json"));
        Result first = scan(false);
        long readAfterFirst = connector.bytesRead.get();
        long opensAfterFirst = connector.opens.get();

        Result second = scan(false);

        assertThat(first.stats().bytesHashed()).isEqualTo(readAfterFirst).isPositive();
        assertThat(second.stats().bytesHashed()).isZero();
        assertThat(second.stats().filesHashed()).isZero();
        assertThat(connector.bytesRead.get()).isEqualTo(readAfterFirst);
        assertThat(connector.opens.get()).isEqualTo(opensAfterFirst);
        assertThat(second.stats().cacheHits()).isEqualTo(7);
        assertThat(second.recordings()).hasSize(4).isEqualTo(first.recordings());
        assertThat(second.problems()).hasSize(1).isEqualTo(first.problems());
    }

    /**
     * A sidecar rewritten in the same tick of its store's clock with the same size keeps its size
     * and modification time (SFTP and S3 keep them to the second): a checksum cached from a read
     * just before would hide the new content from every later scan. A file modified this recently
     * is therefore read again, never served from the cache.
     */
    @Test
    void aFileModifiedJustBeforeTheScanIsReadAgainSoASameSizeRewriteInTheSameTickIsSeen() throws IOException {
        String at = "acme/support/2026/11/20/" + ID1 + ".json";
        String before = "{\"id\":\"" + ID1 + "\",\"tenant\":\"acme\",\"group\":\"support\",\"recordedAt\":\"2026-11-20T14:03:11Z\",\"version\":2}";
        String after = before.replace("\"version\":2", "\"version\":3");
        FileTime tick = FileTime.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Files.setLastModifiedTime(writeNow(at, before), tick);
        Result first = scan(false);
        assertThat(first.recording(ID1).version()).isEqualTo(2);

        Files.setLastModifiedTime(writeNow(at, after), tick);
        Result second = scan(false);

        assertThat(Files.size(root.resolve(at))).isEqualTo(before.length());
        assertThat(second.recording(ID1).version()).as("the rewrite is seen").isEqualTo(3);
        assertThat(second.recording(ID1).metadata().sha256()).isEqualTo(Sha256.of(after.getBytes(StandardCharsets.UTF_8)));
        assertThat(second.stats().filesHashed()).as("only the recent file and the unusable sidecar are read again")
                .isEqualTo(2);
    }

    @Test
    void anUnusableSidecarIsNotCachedSoItIsReportedOnEveryScan() throws IOException {
        Result first = scan(false);
        Result second = scan(false);

        long broken = Files.size(root.resolve("acme/support/2026/11/23/" + ID4 + ".json"));
        assertThat(second.stats().filesHashed()).isEqualTo(1);
        assertThat(second.stats().bytesHashed()).isEqualTo(broken);
        assertThat(second.problems()).isEqualTo(first.problems());
    }

    @Test
    void aChangedFileIsReadAgainAndOnlyThatOne() throws IOException {
        scan(false);
        Path audio = write("acme/support/2026/11/20/" + ID1 + ".wav", "audio one, re-recorded longer");
        Path sidecar = root.resolve("acme/support/2026/11/22/" + ID3 + ".json");
        Files.setLastModifiedTime(sidecar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        long brokenSidecar = Files.size(root.resolve("acme/support/2026/11/23/" + ID4 + ".json"));

        Result r = scan(false);

        assertThat(r.stats().filesHashed()).isEqualTo(3);
        assertThat(r.stats().bytesHashed()).isEqualTo(Files.size(audio) + Files.size(sidecar) + brokenSidecar);
        assertThat(r.recording(ID1).audio().sha256()).isEqualTo(Sha256.of(Files.readAllBytes(audio)));
    }

    @Test
    void rehashReadsEverythingAndRefreshesTheCache() throws IOException {
        scan(false);
        long before = connector.bytesRead.get();

        Result r = scan(true);

        assertThat(r.stats().filesHashed()).isEqualTo(8);
        assertThat(r.stats().cacheHits()).isZero();
        assertThat(r.stats().bytesHashed()).isEqualTo(sizeOfAll(8)).isEqualTo(connector.bytesRead.get() - before);
        assertThat(scan(false).stats().bytesHashed()).isEqualTo(Files.size(root.resolve("acme/support/2026/11/23/" + ID4 + ".json")));
    }

    @Test
    void cacheIsConsultedOncePerBatchNotPerFile() throws IOException {
        for (int i = 0; i < 10; i++) {
            String stem = "t/g/2026/01/01/" + new UUID(7, i);
            write(stem + ".wav", "a" + i);
            write(stem + ".json", "{}");
        }
        SiteScanner scanner = new SiteScanner("site-a", connector, TEMPLATE, cache).withLimits(4, 100);

        scanner.scan(StoragePath.of("t"), false, e -> {});

        assertThat(cache.lookupCalls()).isEqualTo(5);
        assertThat(cache.storeCalls()).isEqualTo(5);
        assertThat(cache.size()).isEqualTo(20);
    }

    @Test
    void pairingHoldsUnderAnyWalkOrderAndATinyWaitingLimit() throws IOException {
        Result sorted = scan(false);
        for (NioTestConnector.Order order : NioTestConnector.Order.values()) {
            NioTestConnector c = new NioTestConnector(root).order(order);
            List<ManifestEntry> entries = new ArrayList<>();
            ScanStats stats = new SiteScanner("site-a", c, TEMPLATE, new InMemoryChecksumCache()).withLimits(3, 1)
                    .scan(StoragePath.ROOT, false, entries::add);
            Result r = new Result(entries, stats);

            assertThat(r.recordings()).as(order.name()).isEqualTo(sorted.recordings());
            assertThat(r.problems()).as(order.name()).isEqualTo(sorted.problems());
            assertThat(stats.sidecarsWithoutAudio()).as(order.name()).isEqualTo(1);
            assertThat(stats.bytesHashed()).as(order.name()).isEqualTo(sizeOfAll(8));
            if (order == NioTestConnector.Order.SHUFFLED) {
                assertThat(c.stats.get()).as("audio settled early asks the storage for its sidecar").isPositive();
            }
        }
    }

    @Test
    void withoutATemplateOnlySidecarsGiveIdentityAndModifiedTimeGivesTheDate() throws IOException {
        Instant modified = Instant.parse("2026-10-01T08:15:30Z");
        Files.setLastModifiedTime(write("x/only-id.opus", "audio"), FileTime.from(modified));
        write("x/only-id.json", "{\"id\":\"" + ID1 + "\",\"tenant\":\"t\",\"group\":\"g\"}");
        write("x/half.gsm", "audio");
        write("x/half.json", "{\"id\":\"" + ID2 + "\"}");
        List<ManifestEntry> entries = new ArrayList<>();

        new SiteScanner("s", connector, null, cache).scan(StoragePath.of("x"), false, entries::add);

        Result r = new Result(entries, null);
        assertThat(r.recording(ID1).recordedAt()).isEqualTo(modified);
        assertThat(r.problems()).containsExactly("s:x/half.gsm: field 'tenant': cannot tell the recording's tenant, group: "
                + "the sidecar half.json has no 'tenant', 'group' and no path template is configured; "
                + "expected a sidecar with these fields or a path matching the template");
    }

    @Test
    void aFileThatChangesOrVanishesWhileScannedIsAProblemNotARecording() throws IOException {
        StoragePath growing = StoragePath.of("acme/sales/2026/11/21/" + ID2 + ".WAV");
        StoragePath gone = StoragePath.of("acme/support/2026/11/22/" + ID3 + ".mp3");
        connector.listedSize.put(growing, 3L);
        connector.goneWhenOpened.add(gone);

        Result r = scan(false);

        assertThat(r.recordings()).extracting(Recording::id).containsExactly(ID1, ID4);
        assertThat(r.problems()).contains(
                "site-a:" + growing + ": changed while it was read: listed with 3 bytes, read 21; "
                        + "expected a finished file, the next scan will read it again",
                "site-a:" + gone + ": was listed but is gone when read; the next scan will see whether it is back");
        assertThat(cache.lookup(List.of(connector.stat(growing)))).isEmpty();
    }

    @Test
    void checksumsTheStorageReportsAreUsedUnlessRehashing() throws IOException {
        NioTestConnector s3like = new NioTestConnector(root).reportChecksums();
        SiteScanner scanner = new SiteScanner("site-a", s3like, TEMPLATE, cache);

        ScanStats stats = scanner.scan(StoragePath.ROOT, false, e -> {});
        ScanStats full = scanner.scan(StoragePath.ROOT, true, e -> {});

        assertThat(stats.serverChecksums()).isEqualTo(5);
        assertThat(stats.filesHashed()).isEqualTo(3); // the paired sidecars: their content is needed
        assertThat(full.serverChecksums()).isZero();
        assertThat(full.filesHashed()).isEqualTo(8);
    }

    @Test
    void audioWithoutSidecarOrTemplateIsIdentifiedByWhatRecsyncPlacedAtItsPath() throws IOException {
        StoragePath unknown = StoragePath.of("misc/unknown call.ogg");
        UUID placedId = UUID.fromString("55555555-5555-4555-8555-555555555555");
        Recording placed = new Recording(placedId, "globex", "hr", Instant.parse("2026-11-19T08:00:00Z"),
                new FileRef(unknown, 3, "0".repeat(64)), new FileRef(StoragePath.of("misc/unknown call.json"), 2, "1".repeat(64)),
                3);
        List<ManifestEntry> entries = new ArrayList<>();
        new SiteScanner("site-b", connector, null, cache, path -> path.equals(unknown) ? java.util.Optional.of(placed)
                : java.util.Optional.empty()).scan(StoragePath.ROOT, false, entries::add);
        Result r = new Result(entries, null);

        // The identity is what recsync placed; the file's facts are what the storage holds now (so a
        // changed copy shows as changed), and there is no sidecar (so it is copied again).
        assertThat(r.recording(placedId)).isEqualTo(new Recording(placedId, "globex", "hr",
                Instant.parse("2026-11-19T08:00:00Z"), file("misc/unknown call.ogg"), null, 3));
        assertThat(r.problems()).noneMatch(p -> p.contains("unknown call.ogg"))
                .anyMatch(p -> p.startsWith("site-b:acme/sales/2026/11/21/" + ID2 + ".WAV: field 'id'"));
    }

    private Result scan(boolean rehash) {
        List<ManifestEntry> entries = new ArrayList<>();
        ScanStats stats = new SiteScanner("site-a", connector, TEMPLATE, cache).scan(StoragePath.ROOT, rehash, entries::add);
        return new Result(entries, stats);
    }

    private FileRef file(String path) throws IOException {
        byte[] bytes = Files.readAllBytes(root.resolve(path));
        return new FileRef(StoragePath.of(path), bytes.length, Sha256.of(bytes));
    }

    /** Bytes of the audio and sidecar files of the fixture (the first {@code n} of them). */
    private long sizeOfAll(int n) throws IOException {
        long total = 0;
        int count = 0;
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(f).toString();
                ScanFileKind kind = ScanFileKind.of(StoragePath.of(name));
                if ((kind == ScanFileKind.AUDIO || kind == ScanFileKind.SIDECAR) && !name.endsWith("notes.json")) {
                    total += Files.size(f);
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(n);
        return total;
    }

    /** Writes a file as a recorder finished it a while ago (older than the scan's racy margin). */
    private Path write(String path, String content) throws IOException {
        Path file = writeNow(path, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1)).plusNanos(System.nanoTime() % 1_000_000)));
        return file;
    }

    private Path writeNow(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
