package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import io.recsync.config.Settings;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publish step on its own, where the early "does it exist?" look of a put cannot help: a name
 * taken after that look must still never be replaced. And the trap that makes this necessary:
 * JSch's rename() replaces an existing target on both servers.
 */
class SftpPublishIT extends BothSftpServers {

    private static Path race(Path siteDir) throws Exception {
        Files.createDirectories(siteDir);
        Files.writeString(siteDir.resolve("call.wav"), "the original evidence");
        Files.writeString(siteDir.resolve(".call.wav.recsync-tmp"), "a newcomer with the same name");
        return siteDir;
    }

    private static void publishMustRefuse(Map<String, Object> profile, Path siteDir) throws Exception {
        SftpSite site = new SftpSite(SftpSettings.from(Settings.of("dr-sftp.yml", profile)));
        try (SftpSession session = SftpSession.open(site)) {
            assertThatThrownBy(() -> session.publish(StoragePath.of(".call.wav.recsync-tmp"), StoragePath.of("call.wav"),
                    WriteMode.CREATE_NEW)).isInstanceOf(AlreadyExistsException.class);
        }
        assertThat(Files.readString(siteDir.resolve("call.wav"))).isEqualTo("the original evidence");
    }

    @Test
    void createNewPublishNeverReplacesOnMina() throws Exception {
        Path siteDir = race(mina.root().resolve("publish"));
        publishMustRefuse(SftpProfiles.mina(mina, siteDir), siteDir);
    }

    @Test
    void createNewPublishNeverReplacesOnOpenSsh() throws Exception {
        OpenSshServer.requireInstalled();
        Path siteDir = race(openSsh.root().resolve("publish"));
        publishMustRefuse(SftpProfiles.openSsh(openSsh, siteDir), siteDir);
    }

    /**
     * The link dies after the hard link published the recording and before the temp name is
     * removed: the put fails as transient (so it is retried, not counted as done with the temp left
     * for good), the recording is whole at its name, and the clean-up the verifying retry calls
     * removes the temp.
     */
    @Test
    void aLinkLostBetweenPublishAndTempRemovalFailsThePutAsTransientAndTheRetryRemovesTheTemp() throws Exception {
        Path siteDir = Files.createDirectories(mina.root().resolve("cut-after-link"));
        byte[] data = "a whole recording, published".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StoragePath path = StoragePath.of("call.wav");
        try (SftpConnector c = SftpProfiles.connect(SftpProfiles.mina(mina, siteDir))) {
            mina.dropConnectionOnNextTempRemoval();
            assertThatThrownBy(() -> c.put(path, new java.io.ByteArrayInputStream(data), data.length,
                    io.recsync.connector.Sha256.of(data), WriteMode.CREATE_NEW))
                    .isInstanceOf(io.recsync.connector.TransientStorageException.class);
            assertThat(Files.readAllBytes(siteDir.resolve("call.wav"))).as("published whole").isEqualTo(data);

            c.dropLeftoverOf(path); // what the retry calls once it has verified the recording in place
            assertThat(siteDir.resolve(".call.wav.recsync-tmp")).doesNotExist();
            assertThat(Files.readAllBytes(siteDir.resolve("call.wav"))).isEqualTo(data);
        }
    }

    /** Why publishNew uses a hard link: the plain-looking rename is posix-rename, which replaces. */
    @Test
    void jschRenameSilentlyReplacesAnExistingTarget() throws Exception {
        OpenSshServer.requireInstalled();
        Path siteDir = race(openSsh.root().resolve("trap"));
        JSch jsch = new JSch();
        jsch.addIdentity(openSsh.clientKeyFile().toString());
        Session session = jsch.getSession(openSsh.username(), openSsh.host(), openSsh.port());
        session.setConfig("StrictHostKeyChecking", "no");
        session.connect(10_000);
        try {
            ChannelSftp ch = (ChannelSftp) session.openChannel("sftp");
            ch.connect(10_000);
            assertThat(ch.getExtension("posix-rename@openssh.com")).isEqualTo("1");
            assertThat(ch.getExtension("hardlink@openssh.com")).isEqualTo("1");
            ch.rename(siteDir.resolve(".call.wav.recsync-tmp").toString(), siteDir.resolve("call.wav").toString());
            ch.disconnect();
        } finally {
            session.disconnect();
        }
        assertThat(Files.readString(siteDir.resolve("call.wav"))).isEqualTo("a newcomer with the same name");
    }
}
