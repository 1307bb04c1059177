package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbolic link planted in the share that leads outside it (another disk, /etc) carries neither
 * a write nor a read out of the share, and a walk does not list what lies behind it. Samba's
 * default (`wide links = no`) enforces this on the server; the test holds recsync to it.
 */
class SmbSymlinkIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension();

    @TempDir
    Path work;

    @Test
    void aLinkLeadingOutsideTheShareCarriesNoWriteNoReadAndIsNotWalked() throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.SHARE).resolve("symlinked"));
        Path outside = Files.createDirectories(work.resolve("somebody-elses-disk"));
        Files.writeString(outside.resolve("private.txt"), "not part of the archive");
        Files.createSymbolicLink(site.resolve("escape"), outside);
        byte[] data = "call".getBytes();
        try (SmbConnector c = SmbProfiles.connect(SmbProfiles.profile(samba.server(), SmbServer.SHARE, site))) {
            assertThatThrownBy(() -> c.put(StoragePath.of("escape/call.wav"), new ByteArrayInputStream(data), data.length,
                    Sha256.of(data), WriteMode.CREATE_NEW)).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> c.open(StoragePath.of("escape/private.txt")).readAllBytes())
                    .isInstanceOf(StorageException.class);
            c.put(StoragePath.of("inside/call.wav"), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                    WriteMode.CREATE_NEW);
            try (Stream<ObjectInfo> all = c.walk(StoragePath.ROOT)) {
                assertThat(all.map(o -> o.path().value())).containsExactly("inside/call.wav");
            }
        }
        try (Stream<Path> s = Files.walk(outside)) {
            assertThat(s.map(p -> outside.relativize(p).toString())).as("nothing created out there")
                    .containsExactlyInAnyOrder("", "private.txt");
        }
    }
}
