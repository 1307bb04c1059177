package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An older server that speaks SMB 2.1 at most (no encryption in the protocol). */
class SmbOldServerIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension(new SmbServer.Options(false, "SMB2_10"));

    @Test
    void encryptionIsNeverSilentlyDropped() throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.SHARE).resolve("enc"));
        Map<String, Object> p = SmbProfiles.profile(samba.server(), SmbServer.SHARE, site);
        p.put("encryption", true);
        byte[] data = "must not cross the wire in the clear".getBytes();
        Throwable e;
        try (SmbConnector c = SmbProfiles.connect(p)) {
            e = catchThrowable(() -> c.put(StoragePath.of("a.json"), new ByteArrayInputStream(data), data.length,
                    Sha256.of(data), WriteMode.CREATE_NEW));
        }
        assertThat(e).isInstanceOf(PermanentStorageException.class);
        assertThat(e.getMessage()).contains("SMB_2_1").contains("cannot encrypt").contains("encryption: false");
        try (var files = Files.list(site)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSigningProfileWorksOverSmb21() throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.SHARE).resolve("plain"));
        byte[] data = new byte[70_000];
        new java.util.Random(2).nextBytes(data);
        try (SmbConnector c = SmbProfiles.connect(SmbProfiles.profile(samba.server(), SmbServer.SHARE, site))) {
            c.put(StoragePath.of("a/b.wav"), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                    WriteMode.CREATE_NEW);
        }
        assertThat(Files.readAllBytes(site.resolve("a/b.wav"))).isEqualTo(data);
    }
}
