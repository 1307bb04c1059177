package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.MinaSftpServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the site root is, and what happens when it is not there. */
class SftpSiteRootIT {

    @TempDir
    static Path work;
    static MinaSftpServer mina;

    @BeforeAll
    static void start() throws Exception {
        mina = MinaSftpServer.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        mina.close();
    }

    /** An unmounted or mistyped root must not look like an empty site (a scan would find "nothing"). */
    @Test
    void aMissingRootIsAnErrorNotAnEmptySite() {
        Map<String, Object> p = SftpProfiles.mina(mina, mina.root().resolve("site"));
        p.put("root", "/not/there");
        try (SftpConnector c = SftpProfiles.connect(p)) {
            assertThatThrownBy(() -> c.find(StoragePath.of("a.wav"))).isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining("the site root /not/there is not a directory");
            assertThatThrownBy(() -> c.walk(StoragePath.ROOT).count()).isInstanceOf(PermanentStorageException.class);
            byte[] data = {1};
            assertThatThrownBy(() -> c.put(StoragePath.of("a.wav"), new ByteArrayInputStream(data), 1, Sha256.of(data),
                    WriteMode.CREATE_NEW)).isInstanceOf(PermanentStorageException.class);
        }
        assertThat(mina.root().resolve("not")).doesNotExist();
    }

    @Test
    void aRootRelativeToTheLoginDirectory() throws Exception {
        Files.createDirectories(mina.root().resolve("home-relative/recordings"));
        Map<String, Object> p = SftpProfiles.mina(mina, mina.root());
        p.put("userDirIsRoot", true);
        p.put("root", "home-relative/recordings");
        byte[] data = "relative".getBytes();
        try (SftpConnector c = SftpProfiles.connect(p)) {
            assertThat(c.describe()).endsWith("/~/home-relative/recordings");
            c.put(StoragePath.of("x/a.json"), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        }
        assertThat(Files.readAllBytes(mina.root().resolve("home-relative/recordings/x/a.json"))).isEqualTo(data);
    }
}
