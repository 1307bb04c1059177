package io.recsync.connector.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorContract;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared {@link ConnectorContract} plus what it does not check and every connector built on
 * {@link AbstractRemoteConnector} must also do, checked against the files on the disk behind the
 * store (so "nothing half-written, nothing left behind" is seen, not assumed): names that are
 * glob patterns or contain a backslash, temp files hidden and replaced, one winner among
 * concurrent CREATE_NEW puts of one name.
 */
public abstract class RemoteConnectorChecks extends ConnectorContract {

    /** A new, empty directory on the disk behind the store. */
    protected abstract Path newSiteDirectory() throws Exception;

    /** A connector whose site root is {@code siteDirectory}. */
    protected abstract Connector open(Path siteDirectory) throws Exception;

    protected Path site;

    @Override
    protected final Connector newConnector() throws Exception {
        site = newSiteDirectory();
        return open(site);
    }

    @Override
    protected Optional<Path> backingDirectory() {
        return Optional.of(site);
    }

    private PutResult put(String path, byte[] data, WriteMode mode) {
        return connector.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), mode);
    }

    private byte[] read(String path) throws IOException {
        try (InputStream in = connector.open(StoragePath.of(path))) {
            return in.readAllBytes();
        }
    }

    /** Every regular file below the site directory, as relative paths: what really is on disk. */
    private List<String> filesOnDisk() throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(Files::isRegularFile).map(p -> site.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theBytesLandOnDiskAndStatKnowsTheirTime() throws Exception {
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
    void moreHostileNamesArriveUnchangedOnDisk() throws Exception {
        List<String> names = List.of(
                "sp ace/quo'te\"d/hash#pct%20amp&semi;eq=plus+at@bang!.wav",
                "glob/star*question?[brackets]{braces}.wav",
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
    void aDirectoryIsNotAnObject() {
        put("dir/f.wav", bytes(1, 1), WriteMode.CREATE_NEW);
        assertThatThrownBy(() -> connector.stat(StoragePath.of("dir"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connector.open(StoragePath.of("dir"))).isInstanceOf(NotFoundException.class);
        assertThat(connector.find(StoragePath.of("dir/f.wav"))).isPresent();
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

    /** A crash between publishing by hard link and removing the temp leaves the temp as a second name of the recording. */
    @Test
    void aLeftoverTempThatIsAHardLinkToTheRecordingIsNeverWrittenThrough() throws Exception {
        put("h/call.wav", bytes(5000, 1), WriteMode.CREATE_NEW);
        Files.createLink(site.resolve("h/.call.wav.recsync-tmp"), site.resolve("h/call.wav"));
        assertThatThrownBy(() -> put("h/call.wav", bytes(6000, 2), WriteMode.CREATE_NEW))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(Files.readAllBytes(site.resolve("h/call.wav"))).isEqualTo(bytes(5000, 1));
        assertThat(filesOnDisk()).containsExactly("h/call.wav");
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
    void aClosedConnectorRefusesWork() {
        connector.close();
        assertThatThrownBy(() -> connector.stat(StoragePath.of("x"))).isInstanceOf(IllegalStateException.class);
    }
}
