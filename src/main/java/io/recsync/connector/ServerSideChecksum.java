package io.recsync.connector;

import java.util.Optional;

/**
 * Optional: the storage keeps a SHA-256 per object and reports it without the object being read
 * (S3 with checksum mode). Lets verification of an existing target skip a full download.
 */
public interface ServerSideChecksum {

    /** Lower-case hex SHA-256 stored with the object, empty if the object has none. */
    Optional<String> storedSha256(StoragePath path);
}
