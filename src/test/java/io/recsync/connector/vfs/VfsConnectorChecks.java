package io.recsync.connector.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PutResult;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every connector built on {@link AbstractVfsConnector} must do, checked against the files on
 * the disk behind the store (so "nothing half-written, nothing left behind" is seen, not assumed).
 * Kept until the shared ConnectorContract suite lands; then only the checks it lacks stay here.
 */
public abstract class VfsConnectorChecks {

    /** A new, empty directory on the disk behind the store. */
    protected abstract Path newSiteDirectory() throws Exception;

    /** A connector whose site root is {@code siteDirectory}. */
    protected abstract Connector open(Path siteDirectory) throws Exception;

    protected Path site;
    protected Connector connector;

    @BeforeEach
    void openSite() throws Exception {
        site = newSiteDirectory();
        connector = open(site);
    }

    @AfterEach
    void closeSite() {
        connector.close();
    }

    protected static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected PutResult put(String path, byte[] data, WriteMode mode) {
        return connector.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), mode);
    }

    protected byte[] read(String path) throws IOException {
        try (InputStream in = connector.open(StoragePath.of(path))) {
            return in.readAllBytes();
        }
    }

    /** Every regular file below the site directory, as relative paths: what really is on disk. */
    protected List<String> filesOnDisk() throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(Files::isRegularFile).map(p -> site.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void storesVerifiedBytesAndReadsThemBack() throws Exception {
        byte[] data = bytes(3 * 1024 * 1024 + 17, 1); // crosses every buffer boundary
        Instant before = Instant.now().minusSeconds(5);
        PutResult r = put("acme/support/2026/11/20/call.wav", data, WriteMode.CREATE_NEW);

        assertThat(r.sha256()).isEqualTo(Sha256.of(data));
        assertThat(r.size()).isEqualTo(data.length);
        assertThat(read("acme/support/2026/11/20/call.wav")).isEqualTo(data);
        assertThat(Files.readAllBytes(site.resolve("acme/support/2026/11/20/call.wav"))).isEqualTo(data);
        ObjectInfo info = connector.stat(StoragePath.of("acme/support/2026/11/20/call.wav"));
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.modified()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(filesOnDisk()).containsExactly("acme/support/2026/11/20/call.wav");
    }

    @Test
    void emptyAndOneByteObjects() throws Exception {
        put("empty.json", new byte[0], WriteMode.CREATE_NEW);
        put("one.json", new byte[] {42}, WriteMode.CREATE_NEW);
        assertThat(read("empty.json")).isEmpty();
        assertThat(read("one.json")).containsExactly(42);
        assertThat(connector.stat(StoragePath.of("empty.json")).size()).isZero();
    }

    @Test
    void hostileNamesArriveUnchanged() throws Exception {
        List<String> names = List.of(
                "sp ace/quo'te\"d/hash#pct%20amp&semi;eq=plus+at@bang!.wav",
                "ünïcødé/日本語の録音.wav",
                "glob/star*question?[brackets].wav",
                "long/" + "x".repeat(200) + ".wav",
                "-dash/.dotfile",
                "percent/%41%2F%2e%2e.json");
        int i = 0;
        for (String name : names) {
            put(name, bytes(1000 + i, i), WriteMode.CREATE_NEW);
            i++;
        }
        i = 0;
        for (String name : names) {
            assertThat(read(name)).as(name).isEqualTo(bytes(1000 + i, i));
            assertThat(Files.readAllBytes(site.resolve(name))).as(name).isEqualTo(bytes(1000 + i, i));
            i++;
        }
        try (Stream<ObjectInfo> all = connector.walk(StoragePath.ROOT)) {
            assertThat(all.map(o -> o.path().value()).sorted().toList()).isEqualTo(names.stream().sorted().toList());
        }
    }

    /** False for stores that cannot carry a backslash inside a name (they must refuse it, not misplace it). */
    protected boolean storesBackslashInNames() {
        return true;
    }

    @Test
    void aBackslashIsPartOfTheNameOrRefused() throws Exception {
        if (storesBackslashInNames()) {
            put("back\\slash/a\\b.wav", bytes(10, 1), WriteMode.CREATE_NEW);
            assertThat(read("back\\slash/a\\b.wav")).isEqualTo(bytes(10, 1));
            assertThat(filesOnDisk()).containsExactly("back\\slash/a\\b.wav");
        } else {
            assertThatThrownBy(() -> put("back\\slash/a\\b.wav", bytes(10, 1), WriteMode.CREATE_NEW))
                    .isInstanceOf(PathRejectedException.class);
            assertThat(filesOnDisk()).isEmpty();
        }
    }

    @Test
    void wildcardNamesNeverMatchOtherFiles() throws Exception {
        put("rec1.wav", bytes(100, 1), WriteMode.CREATE_NEW);
        put("rec?.wav", bytes(200, 2), WriteMode.CREATE_NEW); // must not be taken for rec1.wav
        put("rec*.wav", bytes(300, 3), WriteMode.CREATE_NEW);
        assertThat(read("rec1.wav")).isEqualTo(bytes(100, 1));
        assertThat(read("rec?.wav")).isEqualTo(bytes(200, 2));
        assertThat(connector.stat(StoragePath.of("rec*.wav")).size()).isEqualTo(300);
        assertThat(connector.delete(StoragePath.of("rec?.wav"))).isTrue();
        assertThat(filesOnDisk()).containsExactlyInAnyOrder("rec1.wav", "rec*.wav");
    }

    @Test
    void createNewNeverReplaces() throws Exception {
        put("a/call.wav", bytes(500, 1), WriteMode.CREATE_NEW);
        assertThatThrownBy(() -> put("a/call.wav", bytes(600, 2), WriteMode.CREATE_NEW))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("a/call.wav");
        assertThat(read("a/call.wav")).isEqualTo(bytes(500, 1));
        assertThat(filesOnDisk()).containsExactly("a/call.wav");
    }

    @Test
    void replaceSwapsTheObject() throws Exception {
        put("a/meta.json", bytes(500, 1), WriteMode.CREATE_NEW);
        put("a/meta.json", bytes(70, 2), WriteMode.REPLACE);
        assertThat(read("a/meta.json")).isEqualTo(bytes(70, 2));
        put("a/new.json", bytes(5, 3), WriteMode.REPLACE);
        assertThat(filesOnDisk()).containsExactly("a/meta.json", "a/new.json");
    }

    @Test
    void wrongChecksumLeavesNothingBehind() throws Exception {
        byte[] data = bytes(100_000, 1);
        assertThatThrownBy(() -> connector.put(StoragePath.of("x/call.wav"), new ByteArrayInputStream(data), data.length,
                Sha256.of(bytes(10, 9)), WriteMode.CREATE_NEW))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(connector.find(StoragePath.of("x/call.wav"))).isEmpty();
        assertThat(filesOnDisk()).isEmpty();
    }

    @Test
    void aStreamShorterOrLongerThanAnnouncedIsRefused() throws Exception {
        byte[] data = bytes(1000, 1);
        assertThatThrownBy(() -> connector.put(StoragePath.of("short.wav"), new ByteArrayInputStream(data), 1001,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(ChecksumMismatchException.class);
        assertThatThrownBy(() -> connector.put(StoragePath.of("long.wav"), new ByteArrayInputStream(data), 999,
                Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(ChecksumMismatchException.class);
        assertThat(filesOnDisk()).isEmpty();
    }

    @Test
    void aFailingSourceIsTransientAndLeavesNothing() throws Exception {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (++n > 70_000) {
                    throw new IOException("source link reset");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> connector.put(StoragePath.of("s/call.wav"), failing, 100_000, Sha256.of(new byte[0]),
                WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class).hasMessageContaining("source link reset");
        assertThat(filesOnDisk()).isEmpty();
        put("s/call.wav", bytes(10, 1), WriteMode.CREATE_NEW); // the site is still usable
    }

    @Test
    void missingObjectsAreNotFound() {
        assertThatThrownBy(() -> connector.stat(StoragePath.of("nope.wav"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connector.open(StoragePath.of("no/such/dir/nope.wav"))).isInstanceOf(NotFoundException.class);
        assertThat(connector.find(StoragePath.of("nope.wav"))).isEmpty();
        put("dir/f.wav", bytes(1, 1), WriteMode.CREATE_NEW);
        assertThatThrownBy(() -> connector.stat(StoragePath.of("dir"))).as("a directory is not an object")
                .isInstanceOf(NotFoundException.class);
        assertThat(connector.delete(StoragePath.of("nope.wav"))).isFalse();
        assertThat(connector.delete(StoragePath.of("dir/f.wav"))).isTrue();
        assertThat(connector.find(StoragePath.of("dir/f.wav"))).isEmpty();
    }

    @Test
    void walkListsObjectsWithSizesAndHidesTempFiles() throws Exception {
        put("t1/g/2026/a.wav", bytes(10, 1), WriteMode.CREATE_NEW);
        put("t1/g/2026/a.json", bytes(20, 2), WriteMode.CREATE_NEW);
        put("t1/h/b.wav", bytes(30, 3), WriteMode.CREATE_NEW);
        put("t2/c.wav", bytes(40, 4), WriteMode.CREATE_NEW);
        Files.writeString(site.resolve("t1/g/2026/.a.wav.recsync-tmp"), "half a recording"); // a crashed put
        Files.createDirectories(site.resolve("t3/empty"));

        Map<String, Long> all;
        try (Stream<ObjectInfo> s = connector.walk(StoragePath.ROOT)) {
            all = s.collect(Collectors.toMap(o -> o.path().value(), ObjectInfo::size, (a, b) -> a, TreeMap::new));
        }
        assertThat(all).containsExactly(Map.entry("t1/g/2026/a.json", 20L), Map.entry("t1/g/2026/a.wav", 10L),
                Map.entry("t1/h/b.wav", 30L), Map.entry("t2/c.wav", 40L));
        try (Stream<ObjectInfo> s = connector.walk(StoragePath.of("t1/g"))) {
            assertThat(s.map(o -> o.path().value()).sorted()).containsExactly("t1/g/2026/a.json", "t1/g/2026/a.wav");
        }
        try (Stream<ObjectInfo> s = connector.walk(StoragePath.of("t2/c.wav"))) {
            assertThat(s.map(o -> o.path().value())).containsExactly("t2/c.wav");
        }
        try (Stream<ObjectInfo> s = connector.walk(StoragePath.of("nothing/here"))) {
            assertThat(s).isEmpty();
        }
        // The next put of the same name replaces the crashed leftover.
        assertThatThrownBy(() -> put("t1/g/2026/a.wav", bytes(10, 1), WriteMode.CREATE_NEW))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void aLeftoverTempFromACrashIsReplacedByTheNextPut() throws Exception {
        Files.createDirectories(site.resolve("d"));
        Files.writeString(site.resolve("d/.call.wav.recsync-tmp"), "garbage from a killed run");
        put("d/call.wav", bytes(1234, 5), WriteMode.CREATE_NEW);
        assertThat(filesOnDisk()).containsExactly("d/call.wav");
        assertThat(read("d/call.wav")).isEqualTo(bytes(1234, 5));
    }

    @Test
    void concurrentCreateNewOfOneNameHasExactlyOneWinner() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int seed = i;
                Callable<String> task = () -> {
                    try {
                        put("race/call.wav", bytes(200_000, seed), WriteMode.CREATE_NEW);
                        return "won:" + seed;
                    } catch (AlreadyExistsException e) {
                        return "lost";
                    }
                };
                results.add(pool.submit(task));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            List<String> won = outcomes.stream().filter(s -> s.startsWith("won")).toList();
            assertThat(won).hasSize(1);
            int winner = Integer.parseInt(won.get(0).substring(4));
            assertThat(read("race/call.wav")).isEqualTo(bytes(200_000, winner));
            assertThat(filesOnDisk()).containsExactly("race/call.wav");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyParallelPutsAllVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PutResult>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                results.add(pool.submit(() -> put("p/" + (n % 3) + "/f" + n + ".wav", bytes(50_000 + n, n), WriteMode.CREATE_NEW)));
            }
            for (Future<PutResult> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 24; i++) {
            assertThat(Files.readAllBytes(site.resolve("p/" + (i % 3) + "/f" + i + ".wav"))).isEqualTo(bytes(50_000 + i, i));
        }
        assertThat(filesOnDisk()).hasSize(24);
    }

    @Test
    void aClosedConnectorRefusesWork() {
        connector.close();
        assertThatThrownBy(() -> connector.stat(StoragePath.of("x"))).isInstanceOf(IllegalStateException.class);
    }

    /** A test helper for subclasses: reads what is at {@code path} on disk as text. */
    protected String onDisk(String path) throws IOException {
        return Files.readString(site.resolve(path), StandardCharsets.UTF_8);
    }

    /** Poll helper for effects that happen on another thread (a server noticing a closed session). */
    protected static void eventually(Duration within, Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
