package io.recsync.connector.sftp;

import com.jcraft.jsch.Session;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.UserAuthenticationData;
import org.apache.commons.vfs2.provider.GenericFileName;
import org.apache.commons.vfs2.provider.sftp.SftpClientFactory;
import org.apache.commons.vfs2.provider.sftp.SftpFileProvider;
import org.apache.commons.vfs2.util.UserAuthenticatorUtils;

/** VFS's SFTP provider, creating {@link ChannelSftpFileSystem}s. Connects exactly as VFS does. */
final class ChannelSftpFileProvider extends SftpFileProvider {

    private final ChannelSftpFileSystem.SessionTuner tuner;

    ChannelSftpFileProvider(ChannelSftpFileSystem.SessionTuner tuner) {
        this.tuner = tuner;
    }

    @Override
    protected FileSystem doCreateFileSystem(FileName name, FileSystemOptions options) throws FileSystemException {
        GenericFileName root = (GenericFileName) name;
        UserAuthenticationData auth = null;
        try {
            auth = UserAuthenticatorUtils.authenticate(options, AUTHENTICATOR_TYPES);
            Session session = SftpClientFactory.createConnection(root.getHostName(), root.getPort(),
                    UserAuthenticatorUtils.getData(auth, UserAuthenticationData.USERNAME,
                            UserAuthenticatorUtils.toChar(root.getUserName())),
                    UserAuthenticatorUtils.getData(auth, UserAuthenticationData.PASSWORD,
                            UserAuthenticatorUtils.toChar(root.getPassword())),
                    options);
            return new ChannelSftpFileSystem(root, session, options, tuner);
        } finally {
            UserAuthenticatorUtils.cleanup(auth);
        }
    }
}
