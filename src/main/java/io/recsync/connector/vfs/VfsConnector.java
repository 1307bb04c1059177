package io.recsync.connector.vfs;

import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.remote.AbstractRemoteConnector;

/**
 * Kind {@code vfs}: a store reached through any Commons VFS provider on the classpath (ftp, webdav,
 * file, ...). Only whole-object reads; the publish step's limits are those of the provider's rename
 * (see {@link VfsFileSession#publish}).
 */
public final class VfsConnector extends AbstractRemoteConnector<VfsFileSession> {

    VfsConnector(VfsSettings settings) {
        super(describe(settings), settings.maxSessions(), () -> VfsFileSession.open(settings));
    }

    /** The root URI with any user name, never a password (the settings refuse one in the URI). */
    private static String describe(VfsSettings s) {
        String uri = s.rootUri();
        if (s.username() == null) {
            return uri;
        }
        int start = uri.indexOf("://");
        return start < 0 || uri.substring(start + 3).contains("@") ? uri
                : uri.substring(0, start + 3) + s.username() + "@" + uri.substring(start + 3);
    }

    @Override
    protected StorageException translate(Exception e, String action, StoragePath path) {
        return VfsErrors.translate(e, describe(), action, path.toString());
    }
}
