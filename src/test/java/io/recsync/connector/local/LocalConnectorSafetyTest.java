package io.recsync.connector.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.ConfigException;
import io.recsync.config.Settings;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a filesystem site can get wrong: symlinks out of the root, an unmounted root. */
class LocalConnectorSafetyTest {

    @TempDir
    Path dir;

    @Test
    void aSymlinkLeavingTheRootIsRefusedForReadsAndWrites() throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("secret.wav"), "not yours");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        LocalConnector c = new LocalConnector(new LocalSettings(root, false, false));

        assertThatThrownBy(() -> c.open(StoragePath.of("escape/secret.wav"))).isInstanceOf(PathRejectedException.class)
                .hasMessageContaining("outside the site root");
        byte[] data = "x".getBytes();
        assertThatThrownBy(() -> c.put(StoragePath.of("escape/new.wav"), new ByteArrayInputStream(data), 1, Sha256.of(data),
                WriteMode.CREATE_NEW)).isInstanceOf(PathRejectedException.class);
        assertThat(outside.resolve("new.wav")).doesNotExist();
        try (var s = c.walk(StoragePath.ROOT)) {
            assertThat(s.toList()).as("walks do not follow links out of the root").isEmpty();
        }
    }

    @Test
    void aMissingRootIsAConfigErrorNotAnEmptySite() {
        Settings profile = Settings.of("connectors/nas.yml", Map.of("type", "local", "root", dir.resolve("unmounted").toString()));
        profile.requireString("type");
        assertThatThrownBy(() -> new LocalConnectorFactory().create(profile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors/nas.yml").hasMessageContaining("not a directory")
                .hasMessageContaining("createRoot");
        assertThat(dir.resolve("unmounted")).doesNotExist();
    }

    @Test
    void unknownProfileFieldsAreRefused() {
        Settings profile = Settings.of("connectors/hq.yml", Map.of("type", "local", "root", dir.toString(), "fsynk", "true"));
        profile.requireString("type");
        assertThatThrownBy(() -> new LocalConnectorFactory().create(profile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fsynk");
    }

    @Test
    void aTempLeftAsASecondNameOfAPublishedRecordingIsRemovedWhenTheRecordingIsNextLookedAt() throws Exception {
        Path root = java.nio.file.Files.createDirectories(dir.resolve("second-name"));
        java.nio.file.Path file = java.nio.file.Files.writeString(root.resolve("call.wav"), "recording");
        // a kill between link(temp, final) and unlink(temp)
        java.nio.file.Path temp = java.nio.file.Files.createLink(root.resolve(".call.wav" + TempNames.MARK), file);
        java.nio.file.Path unfinished = java.nio.file.Files.writeString(
                root.resolve(".other.wav" + TempNames.MARK), "half of another recording");
        java.nio.file.Files.writeString(root.resolve("other.wav"), "a different recording");
        try (LocalConnector c = new LocalConnector(new LocalSettings(root, false, false))) {
            assertThat(c.stat(io.recsync.connector.StoragePath.of("call.wav")).size()).isEqualTo(9);
            c.stat(io.recsync.connector.StoragePath.of("other.wav"));
        }
        assertThat(temp).doesNotExist();
        assertThat(file).hasContent("recording");
        assertThat(unfinished).as("a temp with other bytes is not a second name: left for the next put").exists();
    }

    @Test
    void aSymlinkAtTheFileNameIsRefusedForReadsAndLooks() throws Exception {
        Path root = Files.createDirectories(dir.resolve("linked-file"));
        Path outside = Files.writeString(dir.resolve("secret.wav"), "not yours");
        Files.createSymbolicLink(root.resolve("call.wav"), outside);
        try (LocalConnector c = new LocalConnector(new LocalSettings(root, false, false))) {
            assertThatThrownBy(() -> c.open(StoragePath.of("call.wav"))).isInstanceOf(PathRejectedException.class)
                    .hasMessageContaining("is a symlink");
            assertThatThrownBy(() -> c.stat(StoragePath.of("call.wav"))).isInstanceOf(PathRejectedException.class)
                    .hasMessageContaining("is a symlink");
        }
    }

    /** A name near the file system's 255-byte limit: its temp name must still fit. */
    @Test
    void aRecordingWithALongNameIsPublished() throws Exception {
        Path root = Files.createDirectories(dir.resolve("long"));
        String name = "x".repeat(250) + ".wav";
        byte[] data = "a long-named call".getBytes();
        try (LocalConnector c = new LocalConnector(new LocalSettings(root, false, true))) {
            c.put(StoragePath.of("acme/" + name), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                    WriteMode.CREATE_NEW);
        }
        assertThat(root.resolve("acme").resolve(name)).hasBinaryContent(data);
        try (var files = Files.list(root.resolve("acme"))) {
            assertThat(files.toList()).as("no temp left beside it").hasSize(1);
        }
    }

    /** Directories are proven once per run; one removed mid-run is made again, not a failed copy. */
    @Test
    void aDirectoryRemovedDuringARunIsCreatedAgain() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tidied"));
        byte[] one = "first call".getBytes();
        byte[] two = "second call".getBytes();
        try (LocalConnector c = new LocalConnector(new LocalSettings(root, false, true))) {
            c.put(StoragePath.of("acme/2026/one.wav"), new ByteArrayInputStream(one), one.length, Sha256.of(one),
                    WriteMode.CREATE_NEW);
            Files.delete(root.resolve("acme/2026/one.wav"));
            Files.delete(root.resolve("acme/2026"));
            c.put(StoragePath.of("acme/2026/two.wav"), new ByteArrayInputStream(two), two.length, Sha256.of(two),
                    WriteMode.CREATE_NEW);
        }
        assertThat(root.resolve("acme/2026/two.wav")).hasBinaryContent(two);
    }
}
