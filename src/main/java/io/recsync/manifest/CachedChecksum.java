package io.recsync.manifest;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import java.time.Instant;

/**
 * What a scan learnt from reading one file, valid as long as the file keeps its size and
 * modification time.
 *
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param sidecar for a sidecar file that parsed, its {@linkplain Sidecar#identityOnly identity}
 *     fields, so that a later scan can list the recording without reading the sidecar again;
 *     null for audio files
 */
public record CachedChecksum(StoragePath path, long size, Instant modified, String sha256, Sidecar sidecar) {

    public static CachedChecksum of(ObjectInfo info, String sha256, Sidecar sidecar) {
        return new CachedChecksum(info.path(), info.size(), info.modified(), sha256,
                sidecar == null ? null : sidecar.identityOnly());
    }

    /** Whether this entry still describes {@code info}: same path, size and modification time. */
    public boolean matches(ObjectInfo info) {
        return path.equals(info.path()) && size == info.size() && modified.equals(info.modified());
    }
}
