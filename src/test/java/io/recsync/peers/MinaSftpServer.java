package io.recsync.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An embedded SFTP server (Apache MINA SSHD) on 127.0.0.1, a random port, serving one directory as
 * "/". Password and public-key login for {@link #USER}; a generated host key whose fingerprint and
 * known_hosts line tests use to connect with strict checking on. It counts SSH sessions, can drop
 * them all (a broken link) and can pretend the disk fills up after a quota of written bytes.
 */
public final class MinaSftpServer implements AutoCloseable {

    public static final String USER = "recsync";

    private final SshServer server;
    private final Path root;
    private final Path keys;
    private final String password = "pw-" + UUID.randomUUID();
    private final KeyPair hostKey;
    private final Path clientKeyFile;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong writeQuota = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong bytesWritten = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean dropOnTempRemoval = new java.util.concurrent.atomic.AtomicBoolean();

    private MinaSftpServer(Path workDir) throws IOException, GeneralSecurityException {
        root = Files.createDirectories(workDir.resolve("root"));
        keys = Files.createDirectories(workDir.resolve("keys"));
        hostKey = ecKeyPair();
        KeyPair clientKey = ecKeyPair();
        clientKeyFile = keys.resolve("client_ecdsa");
        try (OutputStream out = Files.newOutputStream(clientKeyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "recsync-test-client", null, out);
        }
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pass, session) -> USER.equals(user) && password.equals(pass));
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("recsync-test", List.of(clientKey.getPublic())));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                    byte[] data, int dataOffset, int dataLen) throws IOException {
                bytesWritten.addAndGet(dataLen);
                if (writeQuota.addAndGet(-dataLen) < 0) {
                    throw new SftpException(SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, "No space left on device");
                }
            }

            @Override
            public void removing(ServerSession session, Path path, boolean isDirectory) throws IOException {
                if (!isDirectory && path.getFileName().toString().endsWith(".recsync-tmp") && Files.exists(path)
                        && dropOnTempRemoval.compareAndSet(true, false)) {
                    session.close(true); // the link dies: the remove is never done, never answered
                    throw new IOException("connection dropped by the test before removing " + path);
                }
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                created.incrementAndGet();
                peak.accumulateAndGet(active.incrementAndGet(), Math::max);
            }

            @Override
            public void sessionClosed(Session session) {
                active.decrementAndGet();
            }
        });
    }

    /** Starts a server whose SFTP root is {@code workDir/root}; keys go to {@code workDir/keys}. */
    public static MinaSftpServer start(Path workDir) throws IOException {
        try {
            MinaSftpServer s = new MinaSftpServer(workDir);
            s.server.start();
            Files.writeString(s.knownHostsFile(), s.knownHostsLine() + "\n", StandardCharsets.UTF_8);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate test keys", e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    public String password() {
        return password;
    }

    /** OpenSSH-format private key (unencrypted) the server accepts for {@link #USER}. */
    public Path clientKeyFile() {
        return clientKeyFile;
    }

    /** As {@code ssh-keygen -lf} prints it: {@code SHA256:...}. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** {@code [127.0.0.1]:port ecdsa-sha2-nistp256 AAAA...} */
    public String knownHostsLine() {
        return "[" + host() + "]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    public Path knownHostsFile() {
        return keys.resolve("known_hosts");
    }

    /** SSH sessions open right now. */
    public int activeSessions() {
        return active.get();
    }

    /** Most SSH sessions open at once since start (or the last reset). */
    public int peakSessions() {
        return peak.get();
    }

    public int sessionsCreated() {
        return created.get();
    }

    /** Bytes clients wrote into files since the start (SSH_FXP_WRITE payloads the server accepted or refused). */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    public void resetCounters() {
        peak.set(active.get());
        created.set(0);
    }

    /**
     * Writes beyond this many more bytes fail with SSH_FX_NO_SPACE_ON_FILESYSTEM, as servers that
     * report a full disk precisely do. (On a real full disk MINA, like OpenSSH, answers a bare
     * "General failure"; mount a small file system under {@link #root()} to test that.)
     */
    public void limitWritesTo(long bytes) {
        writeQuota.set(bytes);
    }

    /**
     * The next removal of an existing recsync temp file ({@code .recsync-tmp}) is not done: the client's
     * connection is closed instead, as a link dying between a put's publish and its clean-up would.
     */
    public void dropConnectionOnNextTempRemoval() {
        dropOnTempRemoval.set(true);
    }

    /** Closes every client connection at once, as a reset link or a restarted server would. */
    public void dropAllSessions() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
