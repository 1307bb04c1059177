package io.recsync.connector.remote;

import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;
import java.util.Optional;

/** Creating the missing directories of a path, top down, tolerating a concurrent creator. */
public final class Directories {

    private Directories() {}

    public static void ensure(RemoteSession s, StoragePath dir) throws Exception {
        if (dir.isRoot()) {
            return;
        }
        Optional<RemoteEntry> e = s.stat(dir);
        if (e.isPresent()) {
            if (!e.get().isDirectory()) {
                throw new PathRejectedException(dir.value(), "exists and is not a directory");
            }
            return;
        }
        ensure(s, dir.parent());
        try {
            s.makeDirectory(dir);
        } catch (Exception failed) {
            // Another writer may have created it a moment ago: that is fine.
            if (!s.stat(dir).map(RemoteEntry::isDirectory).orElse(false)) {
                throw failed;
            }
        }
    }
}
