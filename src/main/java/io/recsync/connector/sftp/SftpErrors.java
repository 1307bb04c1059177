package io.recsync.connector.sftp;

import static io.recsync.connector.Causes.find;
import static io.recsync.connector.Causes.rootMessage;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.NoSpaceException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StorageException;
import io.recsync.connector.TransientStorageException;
import java.io.IOException;
import java.util.Locale;

/**
 * Typed errors from what JSch and VFS throw, found by type along the cause chain (messages only
 * where the protocol leaves no other clue: a full disk). Messages name the site as
 * {@code sftp://user@host:port/root}; JSch and VFS never put the password into theirs.
 */
final class SftpErrors {

    private SftpErrors() {}

    static StorageException translate(Exception e, String site, String action, String path) {
        String what = site + ": cannot " + action + " " + path + ": ";
        StorageException typed = find(e, StorageException.class);
        if (typed != null) {
            return typed;
        }
        ExplainedWriteFailure explained = find(e, ExplainedWriteFailure.class);
        if (explained != null) {
            // Only a write the server refused while short of space (or unable to say) is explained:
            // the site's condition, so the item stays pending for the run after space is freed.
            return new NoSpaceException(what + explained.getMessage(), e);
        }
        if (find(e, JSchHostKeyException.class) != null) {
            return new AccessDeniedException(what + "the server's host key is not trusted", e);
        }
        SftpException status = find(e, SftpException.class);
        if (status != null) {
            return fromStatus(status, what, e);
        }
        JSchException jsch = find(e, JSchException.class);
        if (jsch != null && isAuthFailure(jsch)) {
            return new AccessDeniedException(what + "login failed (" + jsch.getMessage() + ")", e);
        }
        if (find(e, JSchAlgoNegoFailException.class) != null) {
            return new PermanentStorageException(what + "client and server share no algorithm (" + jsch.getMessage() + ")", e);
        }
        if (libraryFailedOnADeadSession(e)) {
            return new TransientStorageException(what + "connection problem (the SFTP client failed on a dropped"
                    + " session: " + rootMessage(e) + ")", e);
        }
        if (jsch != null || find(e, IOException.class) != null) {
            // Resets, timeouts, "session is down", a refused connection: a later attempt reconnects.
            return new TransientStorageException(what + "connection problem (" + rootMessage(e) + ")", e);
        }
        return new PermanentStorageException(what + rootMessage(e), e);
    }

    /**
     * Commons VFS opens a new SFTP channel on a JSch session that a dropped link has just closed and
     * gets a null channel back (seen in LinkFaultsIT: "Cannot invoke ChannelSftp.connect(int) because
     * channel is null"). That is the link, not the data: worth a retry on a fresh session.
     */
    private static boolean libraryFailedOnADeadSession(Throwable e) {
        NullPointerException npe = find(e, NullPointerException.class);
        if (npe == null || npe.getStackTrace().length == 0) {
            return false;
        }
        String where = npe.getStackTrace()[0].getClassName();
        // Only the libraries' frames: a null in recsync's own code is a bug to see, not to retry.
        return where.startsWith("org.apache.commons.vfs2.provider.sftp.") || where.startsWith("com.jcraft.jsch.");
    }

    private static StorageException fromStatus(SftpException s, String what, Exception e) {
        String detail = s.getMessage() == null ? "" : s.getMessage();
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("no space") || lower.contains("quota") || s.id == 14 || s.id == 15) {
            // 14, 15: SSH_FX_NO_SPACE_ON_FILESYSTEM, SSH_FX_QUOTA_EXCEEDED (SFTP v5+; some servers send them anyway)
            return new NoSpaceException(what + "the server's disk is full (" + detail + ")", e);
        }
        return switch (s.id) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> new NotFoundException(what + "no such file", e);
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> new AccessDeniedException(what + "permission denied", e);
            case ChannelSftp.SSH_FX_NO_CONNECTION, ChannelSftp.SSH_FX_CONNECTION_LOST ->
                    new TransientStorageException(what + "connection lost (" + detail + ")", e);
            case 11 -> new AlreadyExistsException(what + "the name is taken", e); // SSH_FX_FILE_ALREADY_EXISTS
            default -> s.getCause() != null
                    // JSch reports a broken stream as a FAILURE status with the IOException as cause.
                    ? new TransientStorageException(what + "connection problem (" + rootMessage(e) + ")", e)
                    : new PermanentStorageException(what + "the server answered " + s.id + " " + detail, e);
        };
    }

    /** Errors while connecting, explained with what the operator has to do. */
    static StorageException connectFailure(Exception e, SftpSite site, HostKeyVerifier verifier) {
        SftpSettings s = site.settings;
        String where = site.description + ": ";
        if (find(e, JSchHostKeyException.class) != null) {
            boolean changed = find(e, JSchChangedHostKeyException.class) != null;
            String offered = verifier.offered();
            String fp = verifier.offeredFingerprint();
            String hostPort = s.port() == 22 ? s.host() : "[" + s.host() + "]:" + s.port();
            String message = changed
                    ? where + "the server's host key has CHANGED: it offered " + offered + ", which differs from the"
                            + " key pinned or listed for it. This can be a man-in-the-middle attack: do not connect"
                            + " until the server's administrator confirms the new key. If the change is expected,"
                            + " pin it (hostKeyFingerprint: \"" + fp + "\") or replace the host's line in"
                            + " knownHostsFile (ssh-keygen -R '" + hostPort + "' -f <knownHostsFile>)."
                    : where + "the server's host key is not trusted: it offered " + offered + ", which is in no"
                            + " knownHostsFile and matches no hostKeyFingerprint. Confirm that fingerprint with the"
                            + " server's administrator (on the server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub),"
                            + " then pin it in the profile: hostKeyFingerprint: \"" + fp + "\" (or add the key to"
                            + " knownHostsFile: ssh-keyscan -p " + s.port() + " " + s.host() + " >> <knownHostsFile>).";
            return new HostKeyRejectedException(message, fp, e);
        }
        JSchException jsch = find(e, JSchException.class);
        if (jsch != null && isAuthFailure(jsch)) {
            String with = s.privateKey() != null ? s.privateKeySource() : "the password";
            return new AccessDeniedException(where + "login as '" + s.username() + "' at " + s.host() + ":" + s.port()
                    + " failed with " + with + " (" + jsch.getMessage() + "); check 'username' and the key or"
                    + " password the profile refers to, and that the server accepts them", e);
        }
        return translate(e, site.description, "connect to", s.host() + ":" + s.port());
    }

    private static boolean isAuthFailure(JSchException e) {
        // JSch keeps its auth exception types package-private; what leaves Session.connect is this text.
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith("Auth fail") || m.startsWith("Auth cancel") || m.contains("USERAUTH fail");
    }
}
