package io.recsync.connector.smb;

import io.recsync.connector.PutResult;
import io.recsync.connector.RangedRead;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.connector.remote.AbstractRemoteConnector;
import java.io.InputStream;

/**
 * Kind {@code smb}: a directory in a share of an SMB 2/3 server (Windows, Samba, a NAS), through
 * SMBJ. The verified temp-then-publish put, the pool and the lazy walk are the ones every remote
 * kind shares ({@link AbstractRemoteConnector}); this kind brings its session, its names and its errors.
 * A pool of {@code maxConnections} logged-in connections is reused for the run; a dropped one is
 * replaced on next use.
 */
public final class SmbConnector extends AbstractRemoteConnector<SmbSession> implements RangedRead {

    private final SmbSite site;

    private SmbConnector(SmbSite site) {
        super(site.description, site.settings.maxConnections(), () -> SmbSession.open(site));
        this.site = site;
    }

    static SmbConnector create(SmbSettings settings) {
        return new SmbConnector(new SmbSite(settings));
    }

    /** A name SMB cannot carry is refused before any directory is created for it. */
    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        site.path(path);
        return super.put(path, data, size, expectedSha256, mode);
    }

    @Override
    public InputStream open(StoragePath path, long offset) {
        return openAt(path, offset);
    }

    @Override
    protected StorageException translate(Exception e, String action, StoragePath path) {
        return SmbErrors.translate(e, describe(), action, path.toString());
    }
}
