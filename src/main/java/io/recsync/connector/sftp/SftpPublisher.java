package io.recsync.connector.sftp;

import static io.recsync.connector.sftp.SftpPaths.quoted;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.StoragePath;
import java.util.logging.Logger;

/** How a complete, verified temp file becomes its final name on an SFTP server. */
final class SftpPublisher {

    private static final Logger LOG = Logger.getLogger(SftpPublisher.class.getName());

    private final SftpSite site;

    SftpPublisher(SftpSite site) {
        this.site = site;
    }

    /**
     * JSch's rename() silently becomes posix-rename@openssh.com whenever the server offers it (OpenSSH
     * and MINA do), and posix-rename replaces an existing target: the "plain SFTP rename fails if the
     * target exists" guarantee never reaches the server. A hard link does refuse an existing name,
     * atomically, so: link temp to final, then remove the temp. Servers without hardlink@openssh.com
     * (or whose file system refuses links) get look-then-rename; recsync's own threads are serialized
     * per name, a foreign writer in that instant is the documented limit.
     */
    void publishNew(ChannelSftp ch, String from, String to, StoragePath target) throws SftpException {
        boolean triedLink = false;
        if (site.hardlinkUsable(ch)) {
            triedLink = true;
            try {
                ch.hardlink(quoted(from), quoted(to));
                site.hardlinkWorked();
                removeTemp(ch, from);
                return;
            } catch (SftpException e) {
                if (e.getCause() != null) {
                    throw e;
                }
                if (exists(ch, to)) {
                    throw alreadyExists(target);
                }
            }
        }
        if (exists(ch, to)) {
            throw alreadyExists(target);
        }
        ch.rename(quoted(from), quoted(to));
        if (triedLink) {
            site.hardlinkFailedButRenameWorked();
        }
    }

    /**
     * After a hard link has published at this site once: the link and the temp's removal leave
     * together, one round trip. The server runs them in order, so the temp goes only after the link
     * was made or refused; a taken name is refused by the link and left untouched. A link refused
     * for another reason (this part of the site refuses links) has lost its temp with it: the put
     * fails as transient and its retry publishes one step at a time.
     */
    void publishNewPipelined(SftpWire w, String from, String to, StoragePath target) throws Exception {
        int link = w.hardlink(from, to);
        int rm = w.remove(from);
        SftpWire.Reply linked = w.await(link);
        SftpWire.Reply removed = w.await(rm);
        if (linked.code() == ChannelSftp.SSH_FX_OK) {
            if (removed.code() != ChannelSftp.SSH_FX_OK) {
                LOG.warning(site.description + ": published, but could not remove the temp link " + from + ": "
                        + removed.asException());
            }
            return;
        }
        if (w.await(w.lstat(to)).attrs() != null) {
            throw alreadyExists(target);
        }
        site.hardlinkDoubtful();
        throw new io.recsync.connector.TransientStorageException(site.description + ": publishing " + target
                + " by a hard link failed (" + linked.asException().getMessage() + "); nothing was published, the next"
                + " attempt writes it again", linked.asException());
    }

    /**
     * REPLACE: with posix-rename@openssh.com (which JSch uses when offered) the swap is atomic.
     * Without it a plain SFTP rename refuses an existing target, so the old object is removed first:
     * the name is briefly absent, never half-written.
     */
    static void publishReplacing(ChannelSftp ch, String from, String to) throws SftpException {
        if ("1".equals(ch.getExtension("posix-rename@openssh.com")) || !exists(ch, to)) {
            ch.rename(quoted(from), quoted(to));
            return;
        }
        ch.rm(quoted(to));
        ch.rename(quoted(from), quoted(to));
    }

    /**
     * The object is complete and verified at its final name. A temp the server refuses to remove
     * stays (logged). A connection that died instead fails the put as transient although the name
     * is published: the retry finds the recording in place, verifies it and removes the temp then
     * ({@code Connector.dropLeftoverOf}); reported as done now, no later put of the name would ever
     * come to remove it.
     */
    private void removeTemp(ChannelSftp ch, String temp) throws SftpException {
        try {
            ch.rm(quoted(temp));
        } catch (SftpException e) {
            if (e.getCause() != null) {
                throw e;
            }
            LOG.warning(site.description + ": published, but could not remove the temp link " + temp + ": " + e);
        }
    }

    private static boolean exists(ChannelSftp ch, String path) throws SftpException {
        try {
            ch.lstat(quoted(path));
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private AlreadyExistsException alreadyExists(StoragePath target) {
        return new AlreadyExistsException(site.description + ": " + target + " already exists; it was left untouched");
    }
}
