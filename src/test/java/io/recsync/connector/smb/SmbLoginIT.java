package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.recsync.config.Secret;
import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operator sees when a profile does not fit the server: typed, explained, no secret in it. */
class SmbLoginIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension();

    private static Map<String, Object> profile(String share, String site) throws Exception {
        return SmbProfiles.profile(samba.server(), share, Files.createDirectories(samba.server().shareDirectory(share).resolve(site)));
    }

    /** What the first call on a connector with this profile throws. */
    private static Throwable firstCallFails(Map<String, Object> profile) {
        try (SmbConnector c = SmbProfiles.connect(profile)) {
            return catchThrowable(() -> c.stat(StoragePath.of("x.wav")));
        }
    }

    private static void assertNowhere(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            for (Throwable s : t.getSuppressed()) {
                assertThat(String.valueOf(s.getMessage())).doesNotContain(secret);
            }
        }
    }

    @Test
    void aWrongPasswordIsAccessDeniedWithoutThePassword() throws Exception {
        Map<String, Object> p = profile(SmbServer.SHARE, "a");
        p.put("password", new Secret("Wr0ng-Pa55word-Xyz"));
        Throwable e = firstCallFails(p);
        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(((StorageException) e).isTransient()).isFalse();
        assertThat(e.getMessage())
                .contains("127.0.0.1:" + samba.server().port())
                .contains("'" + samba.server().username() + "'")
                .contains("STATUS_LOGON_FAILURE")
                .contains("check 'username'")
                .contains("password")
                .doesNotContain("Wr0ng-Pa55word-Xyz")
                .doesNotContain(samba.server().password());
        assertNowhere(e, "Wr0ng-Pa55word-Xyz");
    }

    @Test
    void anUnknownUserIsAccessDeniedToo() throws Exception {
        Map<String, Object> p = profile(SmbServer.SHARE, "b");
        p.put("username", "nobody-here");
        Throwable e = firstCallFails(p);
        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(e.getMessage()).contains("'nobody-here'").doesNotContain(samba.server().password());
    }

    @Test
    void anUnknownShareIsNamedAndExplained() throws Exception {
        Map<String, Object> p = profile(SmbServer.SHARE, "c");
        p.put("share", "no-such-share");
        p.put("root", "");
        Throwable e = firstCallFails(p);
        assertThat(e).isInstanceOf(PermanentStorageException.class);
        assertThat(e.getMessage()).contains("share 'no-such-share'").contains("no share of that name")
                .contains("STATUS_BAD_NETWORK_NAME").contains("check 'share'");
    }

    @Test
    void anEncryptedShareWithoutEncryptionIsAccessDeniedAndSaysWhy() throws Exception {
        Map<String, Object> p = profile(SmbServer.ENCRYPTED_SHARE, "d");
        Throwable e = firstCallFails(p);
        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(e.getMessage()).contains("share '" + SmbServer.ENCRYPTED_SHARE + "'").contains("encryption: true")
                .contains("STATUS_ACCESS_DENIED");
        assertNowhere(e, samba.server().password());
    }

    @Test
    void aMissingRootIsAnErrorNeverAnEmptySite() throws Exception {
        Map<String, Object> p = profile(SmbServer.SHARE, "e");
        p.put("root", "e/not/created");
        try (SmbConnector c = SmbProfiles.connect(p)) {
            Throwable e = catchThrowable(() -> {
                try (Stream<?> s = c.walk(StoragePath.ROOT)) {
                    s.count();
                }
            });
            assertThat(e).isInstanceOf(PermanentStorageException.class);
            assertThat(e.getMessage()).contains("'e/not/created'").contains("create it or correct 'root'");
        }
    }

    @Test
    void aServerThatIsNotThereIsTransientAndQuick() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Map<String, Object> p = profile(SmbServer.SHARE, "f");
        p.put("port", closedPort);
        long start = System.nanoTime();
        Throwable e = firstCallFails(p);
        assertThat(e).isInstanceOf(TransientStorageException.class);
        assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("connection problem");
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }

    @Test
    void aProfileWithEncryptionWorksOnAPlainShareToo() throws Exception {
        Map<String, Object> p = profile(SmbServer.SHARE, "g");
        p.put("encryption", true);
        byte[] data = "encrypted on the wire, plain share".getBytes();
        try (SmbConnector c = SmbProfiles.connect(p)) {
            c.put(StoragePath.of("g.json"), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        }
        assertThat(Files.readAllBytes(samba.server().shareDirectory(SmbServer.SHARE).resolve("g/g.json"))).isEqualTo(data);
    }
}
