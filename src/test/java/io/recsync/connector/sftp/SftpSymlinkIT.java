package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbolic links on the server never carry a write outside the site root, and walks do not follow them. */
class SftpSymlinkIT {

    @TempDir
    static Path work;
    static OpenSshServer openSsh;
    static Path site;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        openSsh = OpenSshServer.start(work.resolve("openssh"));
        site = Files.createDirectories(openSsh.root().resolve("site"));
        outside = Files.createDirectories(work.resolve("somebody-elses-disk"));
        Files.writeString(outside.resolve("private.txt"), "not part of the archive");
        Files.createSymbolicLink(site.resolve("escape"), outside);
        Files.createDirectories(site.resolve("real/2026"));
        Files.createSymbolicLink(site.resolve("alias"), site.resolve("real"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (openSsh != null) {
            openSsh.close();
        }
    }

    private static void put(SftpConnector c, String path) {
        byte[] data = path.getBytes();
        c.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
    }

    @Test
    void aLinkLeadingOutsideTheRootIsNotWrittenThrough() throws Exception {
        try (SftpConnector c = SftpProfiles.connect(SftpProfiles.openSsh(openSsh, site))) {
            assertThatThrownBy(() -> put(c, "escape/call.wav")).isInstanceOf(PathRejectedException.class)
                    .hasMessageContaining("outside the site root");
            assertThatThrownBy(() -> put(c, "escape/new/dir/call.wav")).isInstanceOf(PathRejectedException.class);
        }
        try (Stream<Path> s = Files.walk(outside)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("private.txt");
        }
    }

    @Test
    void aLinkInsideTheRootIsFineForWritesButNotWalked() throws Exception {
        try (SftpConnector c = SftpProfiles.connect(SftpProfiles.openSsh(openSsh, site))) {
            put(c, "alias/2026/call.wav");
            assertThat(Files.readString(site.resolve("real/2026/call.wav"))).isEqualTo("alias/2026/call.wav");
            try (Stream<ObjectInfo> all = c.walk(StoragePath.ROOT)) {
                assertThat(all.map(o -> o.path().value())).containsExactly("real/2026/call.wav");
            }
        }
    }
}
