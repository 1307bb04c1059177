package io.recsync.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.manifest.InMemoryChecksumCache;
import io.recsync.manifest.ManifestEntry;
import io.recsync.manifest.PathTemplate;
import io.recsync.manifest.ScanStats;
import io.recsync.manifest.SiteScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every connector kind owes the sync engine, run against each kind's real server.
 * A kind's test extends this class and supplies a fresh, empty connector; the optional hooks let
 * it opt in to what only some kinds have (a multipart threshold, a backing directory to inspect,
 * a way to cut the connection).
 */
public abstract class ConnectorContract {

    /** Names a recorder, a user or a hostile manifest could produce, all legal StoragePaths. */
    static final List<String> HOSTILE = List.of(
            "plain/call.wav",
            "with space/call 1.wav",
            "quotes/it's \"quoted\".wav",
            "hash#and%percent/100%#1.wav",
            "plus+and&amp/a+b&c.wav",
            "umlaut/Gespräch-über-Ärger.wav",
            "cjk/通话记录.wav",
            "-leading-dash/-call.wav",
            "deep/a/b/c/d/e/f/g/h/i/j/k/call.wav",
            "long/" + "x".repeat(200) + ".wav");

    static final String TEMPLATE = "{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}";

    protected Connector connector;

    /** A connector on an empty site, fresh for each test. */
    protected abstract Connector newConnector() throws Exception;

    /** Objects larger than this go through a multipart upload; -1 when the kind has none. */
    protected long multipartThreshold() {
        return -1;
    }

    /** The directory the connector's objects live in, when the test can look at it directly. */
    protected Optional<Path> backingDirectory() {
        return Optional.empty();
    }

    /** Cuts the connector's current connection(s) as a network failure would; skip if impossible. */
    protected void breakConnection(Connector c) throws Exception {
        Assumptions.abort("this kind's test cannot cut its connection");
    }

    @BeforeEach
    void openConnector() throws Exception {
        connector = newConnector();
    }

    @AfterEach
    void closeConnector() {
        if (connector != null) {
            connector.close();
        }
    }

    // --- round trips -------------------------------------------------------------------------

    @Test
    void hostileNamesRoundTripThroughPutStatOpenWalkAndDelete() throws Exception {
        Map<String, byte[]> put = new TreeMap<>();
        for (String name : HOSTILE) {
            byte[] data = bytes(name.length() * 31 + 7, name.hashCode());
            putBytes(name, data);
            put.put(name, data);
        }
        for (Map.Entry<String, byte[]> e : put.entrySet()) {
            StoragePath p = StoragePath.of(e.getKey());
            assertThat(connector.stat(p).size()).as(e.getKey()).isEqualTo(e.getValue().length);
            assertThat(read(p)).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(walk(StoragePath.ROOT)).isEqualTo(sizes(put));
        for (String name : HOSTILE) {
            assertThat(connector.delete(StoragePath.of(name))).as(name).isTrue();
            assertThat(connector.find(StoragePath.of(name))).as(name).isEmpty();
        }
        assertThat(walk(StoragePath.ROOT)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1024 * 1024})
    void everySizeIsStoredExactly(int size) throws Exception {
        byte[] data = bytes(size, size);
        PutResult r = putBytes("sizes/" + size + ".wav", data);
        assertThat(r.size()).isEqualTo(size);
        assertThat(r.sha256()).isEqualTo(Sha256.of(data));
        assertThat(read(StoragePath.of("sizes/" + size + ".wav"))).isEqualTo(data);
    }

    @Test
    void anObjectJustAboveTheMultipartThresholdIsStoredExactly() throws Exception {
        Assumptions.assumeTrue(multipartThreshold() > 0, "this kind has no multipart upload");
        byte[] data = bytes((int) multipartThreshold() + 1, 42);
        putBytes("big/just-above.wav", data);
        assertThat(Sha256.of(readAll(connector.open(StoragePath.of("big/just-above.wav"))))).isEqualTo(Sha256.of(data));
    }

    // --- verification and atomicity ----------------------------------------------------------

    @Test
    void aWrongChecksumIsRefusedAndLeavesNothingBehind() {
        byte[] data = bytes(5000, 1);
        StoragePath p = StoragePath.of("verify/wrong-sha.wav");
        assertThatThrownBy(() -> connector.put(p, new ByteArrayInputStream(data), data.length, Sha256.of(new byte[] {1}),
                WriteMode.CREATE_NEW)).isInstanceOf(ChecksumMismatchException.class);
        assertNothingAt(p);
    }

    @Test
    void aStreamShorterOrLongerThanDeclaredIsRefusedAndLeavesNothingBehind() {
        byte[] data = bytes(5000, 2);
        StoragePath shorter = StoragePath.of("verify/shorter.wav");
        StoragePath longer = StoragePath.of("verify/longer.wav");
        assertThatThrownBy(() -> connector.put(shorter, new ByteArrayInputStream(data), data.length + 10, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(StorageException.class);
        assertNothingAt(shorter);
        assertThatThrownBy(() -> connector.put(longer, new ByteArrayInputStream(data), data.length - 10, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(StorageException.class);
        assertNothingAt(longer);
    }

    @Test
    void aPutWhoseSourceFailsMidwayLeavesNothingAndALaterPutSucceeds() throws Exception {
        byte[] data = bytes(256 * 1024, 3);
        StoragePath p = StoragePath.of("atomic/broken-source.wav");
        InputStream failing = new FailingInputStream(data, 100_000);
        assertThatThrownBy(() -> connector.put(p, failing, data.length, Sha256.of(data), WriteMode.CREATE_NEW))
                .isInstanceOf(RuntimeException.class);
        assertNothingAt(p);
        putBytes("atomic/broken-source.wav", data);
        assertThat(read(p)).isEqualTo(data);
    }

    @Test
    void createNewNeverReplacesAndReplaceDoes() throws Exception {
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second version, longer".getBytes(StandardCharsets.UTF_8);
        StoragePath p = StoragePath.of("modes/meta.json");
        putBytes(p.value(), first);
        assertThatThrownBy(() -> connector.put(p, new ByteArrayInputStream(second), second.length, Sha256.of(second),
                WriteMode.CREATE_NEW)).isInstanceOf(AlreadyExistsException.class);
        assertThat(read(p)).isEqualTo(first);
        connector.put(p, new ByteArrayInputStream(second), second.length, Sha256.of(second), WriteMode.REPLACE);
        assertThat(read(p)).isEqualTo(second);
        assertThat(walk(StoragePath.of("modes"))).containsOnlyKeys("modes/meta.json");
    }

    // --- typed errors and listing ------------------------------------------------------------

    @Test
    void aMissingObjectIsNotFoundEverywhere() {
        StoragePath p = StoragePath.of("missing/nothing.wav");
        assertThatThrownBy(() -> connector.stat(p)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> readAll(connector.open(p))).isInstanceOf(NotFoundException.class);
        assertThat(connector.find(p)).isEmpty();
        assertThat(connector.delete(p)).isFalse();
    }

    @Test
    void walkReturnsExactlyWhatWasPutUnderAPrefix() throws Exception {
        putBytes("acme/support/1.wav", bytes(10, 1));
        putBytes("acme/support/1.json", bytes(11, 2));
        putBytes("acme/sales/2.wav", bytes(12, 3));
        putBytes("acmecorp/3.wav", bytes(13, 4)); // shares a string prefix, not a directory
        assertThat(walk(StoragePath.of("acme"))).isEqualTo(Map.of("acme/support/1.wav", 10L, "acme/support/1.json", 11L,
                "acme/sales/2.wav", 12L));
        assertThat(walk(StoragePath.of("acme/support"))).containsOnlyKeys("acme/support/1.wav", "acme/support/1.json");
        assertThat(walk(StoragePath.ROOT)).hasSize(4);
        assertThat(walk(StoragePath.of("no/such/prefix"))).isEmpty();
    }

    @Test
    void aFileWhoseNameNoSitePathCanHoldIsNeverHandedOnAndDoesNotStopTheWalk() throws Exception {
        putBytes("names/good.wav", bytes(10, 1));
        // A recorder (or an attacker) can create these on a POSIX disk; no manifest path may name them.
        plant("names/control\u0001char.wav", new byte[] {1});
        plant("names/new\nline.wav", new byte[] {2});
        Map<String, Long> listed = walk(StoragePath.ROOT);
        assertThat(listed).containsKey("names/good.wav");
        // Skipped, or (SMB) shown under a legal alias the server maps back: never the raw name.
        assertThat(listed.keySet()).noneMatch(k -> k.chars().anyMatch(c -> c < 0x20));
    }

    /** Creates an object behind the connector's back, as another writer on the storage would. */
    protected void plant(String relative, byte[] data) throws Exception {
        Path dir = backingDirectory().orElse(null);
        Assumptions.assumeTrue(dir != null, "the test cannot plant files on this kind's storage");
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }

    @Test
    void eightConcurrentPutsAllVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PutResult>> futures = new ArrayList<>();
            Map<String, byte[]> expected = new TreeMap<>();
            for (int i = 0; i < 32; i++) {
                byte[] data = bytes(20_000 + i, i);
                String name = "concurrent/" + (i % 4) + "/call-" + i + ".wav";
                expected.put(name, data);
                futures.add(pool.submit(() -> putBytes(name, data)));
            }
            for (Future<PutResult> f : futures) {
                f.get();
            }
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(read(StoragePath.of(e.getKey()))).isEqualTo(e.getValue());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capabilitiesMatchTheCodeAndRangedReadsReturnTheTail() throws Exception {
        assertThat(Capability.of(connector).contains(Capability.RANGED_READ)).isEqualTo(connector instanceof RangedRead);
        Assumptions.assumeTrue(connector instanceof RangedRead, "no ranged reads");
        byte[] data = bytes(10_000, 9);
        putBytes("ranged/call.wav", data);
        try (InputStream in = ((RangedRead) connector).open(StoragePath.of("ranged/call.wav"), 9_000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 9_000, 10_000));
        }
    }

    @Test
    void aCutConnectionIsTransientAndTheConnectorRecovers() throws Exception {
        putBytes("link/before.wav", bytes(100, 1));
        breakConnection(connector);
        byte[] after = bytes(200, 2);
        PutResult r = null;
        for (int attempt = 0; attempt < 3 && r == null; attempt++) {
            try {
                r = putBytes("link/after.wav", after);
            } catch (StorageException e) {
                assertThat(e.isTransient()).as("a cut connection is transient: " + e).isTrue();
            }
        }
        assertThat(r).as("the connector reconnects on a later call").isNotNull();
        assertThat(read(StoragePath.of("link/after.wav"))).isEqualTo(after);
    }

    // --- scanning ----------------------------------------------------------------------------

    @Test
    void aSecondScanReadsNoBytesFromTheStorage() throws Exception {
        long total = 0;
        for (int i = 0; i < 3; i++) {
            String id = "0000000" + i + "-1111-4111-8111-111111111111";
            byte[] audio = bytes(3000 + i, i);
            byte[] sidecar = ("{\"id\":\"" + id + "\",\"recordedAt\":\"2026-11-2" + i + "T10:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            putBytes("acme/support/2026/11/2" + i + "/" + id + ".wav", audio);
            putBytes("acme/support/2026/11/2" + i + "/" + id + ".json", sidecar);
            total += audio.length + sidecar.length;
        }
        CountingConnector metered = new CountingConnector(connector);
        // The files were just written; scanned as an hour later, they are settled and remembered.
        SiteScanner scanner = new SiteScanner("contract", metered, PathTemplate.compile(TEMPLATE), new InMemoryChecksumCache())
                .withClock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1)));
        List<ManifestEntry> first = new ArrayList<>();
        ScanStats one = scanner.scan(StoragePath.ROOT, false, first::add);
        assertThat(first).hasSize(3).allMatch(e -> e instanceof ManifestEntry.Valid);
        assertThat(metered.bytesRead()).as("the first scan hashes every file").isGreaterThanOrEqualTo(total);

        long before = metered.bytesRead();
        List<ManifestEntry> second = new ArrayList<>();
        ScanStats two = scanner.scan(StoragePath.ROOT, false, second::add);
        assertThat(second).hasSize(3);
        assertThat(metered.bytesRead() - before).as("bytes read from the storage by the second scan").isZero();
        assertThat(two.bytesHashed()).isZero();
        assertThat(one.bytesHashed()).isGreaterThan(0);
    }

    // --- helpers -----------------------------------------------------------------------------

    protected PutResult putBytes(String name, byte[] data) {
        return connector.put(StoragePath.of(name), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                WriteMode.CREATE_NEW);
    }

    protected byte[] read(StoragePath p) throws IOException {
        return readAll(connector.open(p));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private Map<String, Long> walk(StoragePath prefix) {
        try (Stream<ObjectInfo> s = connector.walk(prefix)) {
            return s.collect(Collectors.toMap(o -> o.path().value(), ObjectInfo::size, (a, b) -> a, TreeMap::new));
        }
    }

    private static Map<String, Long> sizes(Map<String, byte[]> put) {
        Map<String, Long> m = new TreeMap<>();
        put.forEach((k, v) -> m.put(k, (long) v.length));
        return m;
    }

    /** Nothing at the final name, nothing listed, and no temp object left on the backing storage. */
    protected void assertNothingAt(StoragePath p) {
        assertThat(connector.find(p)).as("nothing may be published at " + p).isEmpty();
        assertThat(walk(StoragePath.ROOT)).doesNotContainKey(p.value());
        backingDirectory().ifPresent(dir -> {
            try (Stream<Path> s = Files.walk(dir)) {
                assertThat(s.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                        .filter(n -> n.contains(".recsync-tmp")).toList()).as("temp objects left behind").isEmpty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A source stream that breaks after {@code failAt} bytes, as a dropped source link does. */
    protected static final class FailingInputStream extends InputStream {
        private final byte[] data;
        private final int failAt;
        private int pos;

        public FailingInputStream(byte[] data, int failAt) {
            this.data = data;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= failAt) {
                throw new IOException("connection reset (injected)");
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(len, Math.min(data.length, failAt) - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
