package io.recsync.connector.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.ConfigException;
import io.recsync.config.Settings;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
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
}
