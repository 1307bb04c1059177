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
    private Session tuned;

    ChannelSftpFileSystem(GenericFileName rootName, Session session, FileSystemOptions options, SessionTuner tuner) {
        super(rootName, session, options);
        this.tuner = tuner;
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
