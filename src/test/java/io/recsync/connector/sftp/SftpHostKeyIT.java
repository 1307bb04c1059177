package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict host-key checking: what is trusted, what is refused, and what the operator is told. */
class SftpHostKeyIT {

    private static final String OTHER_PIN = "SHA256:" + "Q".repeat(43);

    @TempDir
    static Path work;
    static MinaSftpServer mina;
    static OpenSshServer openSsh;
    static Path siteMina;
    static Path siteOpenSsh;

    @BeforeAll
    static void start() throws Exception {
        mina = MinaSftpServer.start(work.resolve("mina"));
        siteMina = Files.createDirectories(mina.root().resolve("site"));
        if (OpenSshServer.installed()) {
            openSsh = OpenSshServer.start(work.resolve("openssh"));
            siteOpenSsh = Files.createDirectories(openSsh.root().resolve("site"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        mina.close();
        if (openSsh != null) {
            openSsh.close();
        }
    }

    private static void roundTrip(SftpConnector c) {
        c.put(StoragePath.of("k/a.wav"), new ByteArrayInputStream(new byte[] {1, 2}), 2,
                io.recsync.connector.Sha256.of(new byte[] {1, 2}), WriteMode.REPLACE);
        assertThat(c.stat(StoragePath.of("k/a.wav")).size()).isEqualTo(2);
    }

    private static StorageException firstUseFails(Map<String, Object> profile) {
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            return (StorageException) org.assertj.core.api.Assertions.catchThrowable(() -> c.stat(StoragePath.of("x.wav")));
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheFingerprintToPin() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, siteMina);
        p.put("knownHostsFile", Files.writeString(work.resolve("empty_known_hosts"), "").toString());
        StorageException e = firstUseFails(p);
        assertThat(e).isInstanceOf(HostKeyRejectedException.class).isInstanceOf(AccessDeniedException.class);
        assertThat(e.isTransient()).isFalse();
        assertThat(((HostKeyRejectedException) e).offeredFingerprint()).isEqualTo(mina.hostKeyFingerprint());
        assertThat(e.getMessage())
                .contains("not trusted")
                .contains("ecdsa-sha2-nistp256 key " + mina.hostKeyFingerprint())
                .contains("hostKeyFingerprint: \"" + mina.hostKeyFingerprint() + "\"")
                .contains("ssh-keyscan -p " + mina.port() + " 127.0.0.1")
                .contains("sftp://recsync@127.0.0.1:" + mina.port());
    }

    @Test
    void theOfferedFingerprintIsTheOneSshKeygenPrints() throws Exception {
        OpenSshServer.requireInstalled();
        Map<String, Object> p = SftpProfiles.openSsh(openSsh, siteOpenSsh);
        p.remove("knownHostsFile");
        p.put("hostKeyFingerprint", OTHER_PIN);
        StorageException e = firstUseFails(p);
        assertThat(e).isInstanceOf(HostKeyRejectedException.class);
        assertThat(e.getMessage()).contains("CHANGED").contains("ssh-ed25519 key " + openSsh.hostKeyFingerprint())
                .contains("hostKeyFingerprint: \"" + openSsh.hostKeyFingerprint() + "\"");
    }

    @Test
    void aPinnedFingerprintAloneIsEnough() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, siteMina);
        p.remove("knownHostsFile");
        p.put("hostKeyFingerprint", mina.hostKeyFingerprint());
        try (SftpConnector c = SftpProfiles.connect(p)) {
            roundTrip(c);
        }
    }

    @Test
    void aPinnedFingerprintWorksAgainstOpenSsh() throws Exception {
        OpenSshServer.requireInstalled();
        Map<String, Object> p = SftpProfiles.openSsh(openSsh, siteOpenSsh);
        p.remove("knownHostsFile");
        p.put("hostKeyFingerprint", List.of(OTHER_PIN, openSsh.hostKeyFingerprint())); // a key rotation: old and new
        try (SftpConnector c = SftpProfiles.connect(p)) {
            roundTrip(c);
        }
    }

    @Test
    void aWrongPinIsAChangedKeyAndNothingIsSent() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, siteMina);
        p.remove("knownHostsFile");
        p.put("hostKeyFingerprint", OTHER_PIN);
        StorageException e = firstUseFails(p);
        assertThat(e).isInstanceOf(HostKeyRejectedException.class);
        assertThat(e.getMessage()).contains("CHANGED").contains("man-in-the-middle").contains(mina.hostKeyFingerprint());
    }

    @Test
    void anotherKeyInKnownHostsForThisHostIsAChangedKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String impostorLine = "[127.0.0.1]:" + mina.port() + " " + PublicKeyEntry.toString(g.generateKeyPair().getPublic());
        Map<String, Object> p = SftpProfiles.mina(mina, siteMina);
        p.put("knownHostsFile", Files.writeString(work.resolve("other_known_hosts"), impostorLine + "\n").toString());
        StorageException e = firstUseFails(p);
        assertThat(e).isInstanceOf(HostKeyRejectedException.class);
        assertThat(e.getMessage()).contains("CHANGED").contains("ssh-keygen -R '[127.0.0.1]:" + mina.port() + "'");
    }

    @Test
    void strictCheckingOffConnectsButWarnsOnEveryRun() throws Exception {
        // The warning comes from the profile check every command makes before it opens a site
        // (ConnectorFactory#validate), which the CLI prints first, once per run.
        Map<String, Object> p = SftpProfiles.mina(mina, siteMina);
        p.remove("knownHostsFile");
        p.put("strictHostKeyChecking", false);
        List<String> warnings = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            warnings.addAll(new SftpConnectorFactory().validate(io.recsync.config.Settings.of("mina.yml", p)));
            try (SftpConnector c = SftpProfiles.connect(p)) {
                roundTrip(c);
            }
        }
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("strictHostKeyChecking is false")
                .contains("127.0.0.1:" + mina.port()).contains("hostKeyFingerprint");
    }
}
