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

    /**
     * How long before it was read a file must have been modified last for what was read to be
     * remembered by its size and modification time. A file modified closer to the read may change
     * again within the same tick of its store's clock (SFTP and S3 keep modification times to the
     * second, some stores to two) with its size unchanged, and a remembered checksum would then
     * hide the new bytes from every later scan; such a file is read again next time, as git treats
     * "racily clean" index entries. The margin also covers a few seconds between the site's clock
     * and this host's.
     */
    public static final java.time.Duration RACY = java.time.Duration.ofSeconds(10);

    /** Whether a file last modified at {@code modified} and read from {@code readFrom} on may be remembered. */
    public static boolean settled(Instant modified, Instant readFrom) {
        return modified.isBefore(readFrom.minus(RACY));
    }

    public static CachedChecksum of(ObjectInfo info, String sha256, Sidecar sidecar) {
        return new CachedChecksum(info.path(), info.size(), info.modified(), sha256,
                sidecar == null ? null : sidecar.identityOnly());
    }

    /** Whether this entry still describes {@code info}: same path, size and modification time. */
    public boolean matches(ObjectInfo info) {
        return path.equals(info.path()) && size == info.size() && modified.equals(info.modified());
    }
}
