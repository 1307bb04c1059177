package io.recsync.connector.sftp;

import io.recsync.connector.RangedRead;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.remote.AbstractRemoteConnector;
import java.io.InputStream;

/**
 * Kind {@code sftp}: a directory on an SFTP server, through Commons VFS and the maintained JSch fork.
 * Strict host-key checking by default (known_hosts and/or pinned fingerprints); a pool of
 * {@code maxSessions} SSH sessions reused for the run; a dropped session is replaced on next use.
 */
public final class SftpConnector extends AbstractRemoteConnector<SftpSession> implements RangedRead {


    private SftpConnector(SftpSite site) {
        super(site.description, site.settings.maxSessions(), () -> SftpSession.open(site));
    }

    static SftpConnector create(SftpSettings settings) {
        // strictHostKeyChecking: false is warned about by the profile check every command makes (SftpSettings#warnings).
        return new SftpConnector(new SftpSite(settings));
    }

    @Override
    public InputStream open(StoragePath path, long offset) {
        return openAt(path, offset);
    }

    /** The look rides along with opening the temp: one round trip fewer per copied file. */
    @Override
    public boolean refusesTakenNameInPut() {
        return true;
    }

    @Override
    protected StorageException translate(Exception e, String action, StoragePath path) {
        return SftpErrors.translate(e, describe(), action, path.toString());
    }
}
