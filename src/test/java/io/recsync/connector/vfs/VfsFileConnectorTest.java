package io.recsync.connector.vfs;

import io.recsync.connector.remote.RemoteConnectorChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.recsync.config.ConfigException;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Connector;
import io.recsync.connector.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic vfs kind over a file:// URI on a temp directory. */
class VfsFileConnectorTest extends RemoteConnectorChecks {

    @TempDir
    Path temp;

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(temp.resolve("site"));
    }

    @Test
    void aMissingRootIsAnErrorNotAnEmptySite() {
        Connector c = open(temp.resolve("unmounted"));
        try {
            assertThatThrownBy(() -> c.find(StoragePath.of("a.wav"))).isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("not an existing directory");
        } finally {
            c.close();
        }
    }

    /** Every refused call gives its session back: more refusals than sessions must not block. */
    @Test
    void refusedCallsDoNotKeepTheirSessions() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 3 * VfsSettings.DEFAULT_MAX_SESSIONS; i++) {
                assertThatThrownBy(() -> connector.open(StoragePath.of("a\\b.wav"))).isInstanceOf(PathRejectedException.class);
                assertThatThrownBy(() -> connector.stat(StoragePath.of("missing.wav"))).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> connector.open(StoragePath.of("missing.wav"))).isInstanceOf(NotFoundException.class);
            }
        });
    }

    @Test
    void profilesKeepSecretsOutOfTheUri() {
        VfsConnectorFactory f = new VfsConnectorFactory();
        assertThatThrownBy(() -> f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "ftp://bob:hunter2@nas/rec"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'uri'").hasMessageContaining("password");
        assertThatThrownBy(() -> f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "ftp://nas/rec",
                "username", "bob", "password", "hunter2")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'password'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "sftp://nas/rec"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("type: sftp");
        assertThatThrownBy(() -> f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "nosuch://x/"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'nosuch'").hasMessageContaining("file");
        assertThatThrownBy(() -> f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "file:///tmp", "rooot", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rooot'");
        Connector c = f.create(Settings.of("v.yml", Map.of("type", "vfs", "uri", "ram:///", "root", "rec",
                "username", "bob", "password", new Secret("hunter2"))));
        assertThat(c.describe()).isEqualTo("ram://bob@/rec").doesNotContain("hunter2");
        c.close();
    }

    /** Publishing is a rename and the temp is written first: a provider that cannot do both is refused at load time. */
    @Test
    void aProviderThatCannotWriteOrRenameIsRefusedAtLoadTime() {
        assertThatThrownBy(() -> new VfsConnectorFactory().create(Settings.of("v.yml",
                Map.of("type", "vfs", "uri", "http4://nas.example/recordings"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'http4'").hasMessageContaining("RENAME");
    }

    @Override
    protected boolean storesBackslashInNames() {
        return false;
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return new VfsConnectorFactory().create(Settings.of("test-vfs.yml",
                Map.of("type", "vfs", "uri", siteDirectory.toUri().toString())));
    }
}
