package io.recsync.connector.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.GenericFileName;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystem;

/**
 * VFS's SFTP file system (one SSH session, its options, host key and auth handling) with its
 * channel made available: recsync talks SFTP on the channel itself, because VFS's file objects get
 * what matters for evidence wrong (moveTo deletes an existing target, stat reports "permission
 * denied" as "does not exist", names with '*' or '?' are globbed).
 */
final class ChannelSftpFileSystem extends SftpFileSystem {

    /** Adjusts a freshly connected session (keep-alive, dead-link detection). */
    @FunctionalInterface
    interface SessionTuner {
        void tune(Session session) throws JSchException;
    }

    private final SessionTuner tuner;
    private final Session connected;
    private Session tuned;

    ChannelSftpFileSystem(GenericFileName rootName, Session session, FileSystemOptions options, SessionTuner tuner) {
        super(rootName, session, options);
        this.tuner = tuner;
        this.connected = session;
    }

    /**
     * The SSH session itself, tuned, for the channel a put opens on its own: a session that only
     * puts then never sets up VFS's channel (open, subsystem, hello and a cd: five round trips).
     */
    Session session() throws IOException {
        if (!connected.isConnected()) {
            throw new IOException("the SSH session is down");
        }
        try {
            synchronized (this) {
                if (connected != tuned) {
                    tuner.tune(connected);
                    tuned = connected;
                }
            }
        } catch (JSchException e) {
            throw new FileSystemException(e);
        }
        return connected;
    }

    @Override
    protected ChannelSftp getChannel() throws IOException {
        ChannelSftp channel = super.getChannel();
        try {
            Session session = channel.getSession();
            synchronized (this) {
                if (session != tuned) {
                    tuner.tune(session);
                    tuned = session;
                }
            }
        } catch (JSchException e) {
            channel.disconnect();
            throw new FileSystemException(e);
        }
        return channel;
    }

    ChannelSftp borrowChannel() throws IOException {
        return getChannel();
    }

    /** Back for reuse; VFS keeps it only while it is still connected. */
    void returnChannel(ChannelSftp channel) {
        putChannel(channel);
    }
}
