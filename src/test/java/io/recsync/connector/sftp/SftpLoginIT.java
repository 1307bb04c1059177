package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.recsync.config.Secret;
import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Login failures are AccessDenied, name host, port and user, and never show a secret. */
class SftpLoginIT extends BothSftpServers {

    @Test
    void aWrongPasswordIsAccessDeniedWithoutThePassword() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, Files.createDirectories(mina.root().resolve("a")));
        p.put("password", new Secret("Wr0ng-Pa55word-Xyz"));
        Throwable e;
        try (SftpConnector c = SftpProfiles.connect(p)) {
            e = catchThrowable(() -> c.stat(StoragePath.of("x.wav")));
        }
        assertThat(e).isInstanceOf(AccessDeniedException.class).isNotInstanceOf(HostKeyRejectedException.class);
        assertThat(((AccessDeniedException) e).isTransient()).isFalse();
        assertThat(e.getMessage())
                .contains("127.0.0.1:" + mina.port())
                .contains("'" + MinaSftpServer.USER + "'")
                .contains("the password")
                .doesNotContain("Wr0ng-Pa55word-Xyz")
                .doesNotContain(mina.password());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("Wr0ng-Pa55word-Xyz");
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAccessDenied() throws Exception {
        OpenSshServer.requireInstalled();
        Path stranger = work.resolve("stranger_ecdsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair.writePrivateKey(out);
        Files.write(stranger, out.toByteArray());
        Map<String, Object> p = SftpProfiles.openSsh(openSsh, Files.createDirectories(openSsh.root().resolve("b")));
        p.put("privateKeyFile", stranger.toString());
        Throwable e;
        try (SftpConnector c = SftpProfiles.connect(p)) {
            e = catchThrowable(() -> c.stat(StoragePath.of("x.wav")));
        }
        assertThat(e).isInstanceOf(AccessDeniedException.class);
        assertThat(e.getMessage()).contains("127.0.0.1:" + openSsh.port()).contains("'" + openSsh.username() + "'")
                .contains("privateKeyFile " + stranger);
    }

    @Test
    void anEncryptedOpenSshKeyOpensWithItsPassphrase() throws Exception {
        OpenSshServer.requireInstalled();
        Path site = Files.createDirectories(openSsh.root().resolve("c"));
        Map<String, Object> p = SftpProfiles.openSsh(openSsh, site);
        p.put("privateKeyFile", openSsh.encryptedClientKeyFile().toString());
        p.put("passphrase", new Secret(openSsh.encryptedClientKeyPassphrase()));
        byte[] data = "encrypted key, real sshd".getBytes();
        try (SftpConnector c = SftpProfiles.connect(p)) {
            c.put(StoragePath.of("e.json"), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
        }
        assertThat(Files.readAllBytes(site.resolve("e.json"))).isEqualTo(data);
    }
}
