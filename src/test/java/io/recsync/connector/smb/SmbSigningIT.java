package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server that requires signing ({@code server signing = mandatory}), with each dialect and signing setting. */
class SmbSigningIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension(new SmbServer.Options(true, "SMB3"));

    private static void roundTrip(Map<String, Object> profile, Path site) throws Exception {
        byte[] data = new byte[150_000];
        new java.util.Random(5).nextBytes(data);
        try (SmbConnector c = SmbProfiles.connect(profile)) {
            c.put(StoragePath.of("a/call.wav"), new ByteArrayInputStream(data), data.length, Sha256.of(data),
                    WriteMode.CREATE_NEW);
            try (InputStream in = c.open(StoragePath.of("a/call.wav"))) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
        assertThat(Files.readAllBytes(site.resolve("a/call.wav"))).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SMB_2_0_2", "SMB_2_1", "SMB_3_0", "SMB_3_0_2", "SMB_3_1_1"})
    void everyDialectSignsWhenTheServerRequiresIt(String dialect) throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.SHARE).resolve(dialect));
        Map<String, Object> p = SmbProfiles.profile(samba.server(), SmbServer.SHARE, site);
        p.put("dialects", dialect);
        roundTrip(p, site);
    }

    @Test
    void aProfileThatDoesNotRequireSigningStillFollowsTheServer() throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.SHARE).resolve("unsigned-profile"));
        Map<String, Object> p = SmbProfiles.profile(samba.server(), SmbServer.SHARE, site);
        p.put("signing", false);
        roundTrip(p, site);
    }

    @Test
    void encryptionOnTopOfSigning() throws Exception {
        Path site = Files.createDirectories(samba.server().shareDirectory(SmbServer.ENCRYPTED_SHARE).resolve("both"));
        Map<String, Object> p = SmbProfiles.profile(samba.server(), SmbServer.ENCRYPTED_SHARE, site);
        p.put("encryption", true);
        roundTrip(p, site);
    }
}
