package io.recsync.connector.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.auth.StaticUserAuthenticator;
import org.apache.commons.vfs2.impl.DefaultFileSystemConfigBuilder;
import org.apache.commons.vfs2.provider.sftp.BytesIdentityInfo;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystemConfigBuilder;

/**
 * What every session of one SFTP site shares: the settings turned into VFS/JSch options, the root's
 * absolute and canonical paths (learned once), and what the server turned out to support.
 */
final class SftpSite {

    private static final Logger LOG = Logger.getLogger(SftpSite.class.getName());

    final SftpSettings settings;
    final String description;
    private volatile String base;
    private volatile String realBase;
    private volatile boolean realpathUnsupported;
    private volatile boolean hardlinkUnusable;
    /** A hard link has published at this site: later ones go out together with the temp's removal. */
    private volatile boolean hardlinkProven;
    /**
     * Directories proven to exist inside the root during this run (realpath checked, or created by
     * recsync below such a directory): later puts into them spend no round trip on the directory.
     */
    private final java.util.Set<StoragePath> knownDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SftpSite(SftpSettings settings) {
        this.settings = settings;
        this.description = settings.describe();
    }

    /** The host part only: user and password travel in the options, never in a URI that could be logged. */
    String rootUri() {
        String h = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "sftp://" + h + ":" + settings.port() + "/";
    }

    HostKeyVerifier newVerifier() {
        return new HostKeyVerifier(settings.hostKeyFingerprints(), settings.knownHostsFile() != null);
    }

    FileSystemOptions options(HostKeyVerifier verifier) throws FileSystemException {
        FileSystemOptions o = new FileSystemOptions();
        SftpFileSystemConfigBuilder b = SftpFileSystemConfigBuilder.getInstance();
        // Otherwise VFS runs `id -u` over an exec channel, which MINA and many NAS servers never
        // answer: the connection hangs for good.
        b.setDisableDetectExecChannel(o, true);
        b.setUserDirIsRoot(o, settings.userDirIsRoot());
        b.setStrictHostKeyChecking(o, settings.strictHostKeyChecking() ? "yes" : "no");
        if (settings.knownHostsFile() != null) {
            b.setKnownHosts(o, settings.knownHostsFile().toFile());
        }
        b.setIdentityRepositoryFactory(o, verifier::install);
        StringBuilder methods = new StringBuilder();
        if (settings.privateKey() != null) {
            byte[] pass = settings.passphrase() == null ? null : settings.passphrase().reveal().getBytes(StandardCharsets.UTF_8);
            b.setIdentityProvider(o, new BytesIdentityInfo(PrivateKeyCheck.keyBytes(settings.privateKey()), pass));
            methods.append("publickey");
        }
        if (settings.password() != null) {
            methods.append(methods.length() > 0 ? "," : "").append("password,keyboard-interactive");
        }
        // Keeps JSch from also offering whatever keys sit in the service user's ~/.ssh.
        b.setPreferredAuthentications(o, methods.toString());
        // VFS's session timeout bounds the TCP connect, key exchange and login (its default, zero, waits
        // for ever); the connect timeout bounds opening the SFTP channel. Both are the profile's
        // connectTimeout; after login tune() switches the socket to keep-alive timing.
        b.setSessionTimeout(o, settings.connectTimeout());
        b.setConnectTimeout(o, settings.connectTimeout());
        String password = settings.password() == null ? null : settings.password().reveal();
        DefaultFileSystemConfigBuilder.getInstance().setUserAuthenticator(o,
                new StaticUserAuthenticator(null, settings.username(), password));
        return o;
    }

    /**
     * JSch sends a keep-alive after each socket timeout of silence and drops the session after
     * ServerAliveCountMax unanswered ones: so the timeout is the keep-alive interval (at most half
     * the read timeout) and the count makes a dead link fail after about readTimeout.
     */
    void tune(Session session) throws JSchException {
        long read = settings.readTimeout().toMillis();
        long interval = Math.max(1000, Math.min(settings.keepAlive().toMillis(), read / 2));
        int count = (int) Math.max(1, (read + interval - 1) / interval - 1);
        session.setServerAliveInterval((int) interval);
        session.setServerAliveCountMax(count);
    }

    /** Absolute path of the site root on the server. */
    String base(ChannelSftp channel) throws SftpException {
        String b = base;
        if (b == null) {
            if (settings.userDirIsRoot()) {
                String home = channel.getHome();
                String r = settings.root();
                b = r.isEmpty() ? home : (home.endsWith("/") ? home : home + "/") + r;
            } else {
                b = settings.root();
            }
            base = b;
        }
        return b;
    }

    /** Asks the server for a path's canonical form. */
    @FunctionalInterface
    interface Realpath {
        String of(String path) throws Exception;
    }

    /**
     * Refuses to write into a directory whose canonical path (the server's realpath) is outside the
     * canonical root {@code base}: a symbolic link on the server must not carry recordings elsewhere.
     * Best effort: a server without realpath is trusted, once noted in the log.
     *
     * <p>Sessions ask over their put channel ({@link SftpWire}), never JSch's {@code ChannelSftp}: its
     * realpath() is the one call that does not first make the calling thread the reader of the
     * channel's pipe, so from a new thread, after the last reading thread had ended, an answer that
     * came before the first read killed VFS's channel ("inputstream is closed").
     */
    void checkInside(Realpath realpath, String base, String directory, StoragePath relative) throws Exception {
        if (realpathUnsupported) {
            return;
        }
        try {
            String root = realBase;
            if (root == null) {
                root = realpath.of(base);
                realBase = root;
            }
            String real = realpath.of(directory);
            if (!SftpPaths.inside(real, root)) {
                throw new PathRejectedException(relative.value(), "resolves on the server to " + real
                        + ", outside the site root " + root + " (a symbolic link); recsync does not write through it");
            }
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_OP_UNSUPPORTED) {
                throw e;
            }
            realpathUnsupported = true;
            LOG.info(description + ": the server has no realpath; symbolic links leaving the root cannot be detected");
        }
    }

    boolean hardlinkUsable(ChannelSftp channel) {
        return !hardlinkUnusable && "1".equals(channel.getExtension("hardlink@openssh.com"));
    }

    private final java.util.Map<StoragePath, Object> directoryLocks = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the sessions preparing one directory synchronize on (one object per directory, for the run). */
    Object directoryLock(StoragePath dir) {
        return directoryLocks.computeIfAbsent(dir, d -> new Object());
    }

    boolean knownDirectory(StoragePath dir) {
        return knownDirectories.contains(dir);
    }

    void directoryKnown(StoragePath dir) {
        knownDirectories.add(dir);
    }

    /** A directory that vanished during the run (an open in it found nothing): checked again on next use. */
    void forgetDirectory(StoragePath dir) {
        knownDirectories.remove(dir);
    }

    boolean hardlinkProven() {
        return hardlinkProven && !hardlinkUnusable;
    }

    void hardlinkWorked() {
        hardlinkProven = true;
    }

    /** A pipelined link failed for a reason other than a taken name: publish one step at a time again. */
    void hardlinkDoubtful() {
        hardlinkProven = false;
    }

    void hardlinkFailedButRenameWorked() {
        if (!hardlinkUnusable) {
            hardlinkUnusable = true;
            LOG.info(description + ": the server's file system refuses hard links; CREATE_NEW publishes by"
                    + " look-then-rename for the rest of this run");
        }
    }
}
