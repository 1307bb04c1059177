package io.recsync.connector;

import java.time.Instant;
import java.util.Optional;

/**
 * What a connector knows about one stored object without reading it.
 *
 * @param sha256 lower-case hex SHA-256 when the storage keeps one (S3 checksum mode); empty
 *     otherwise. Never computed by reading the object: callers that need it hash the stream.
 */
public record ObjectInfo(StoragePath path, long size, Instant modified, Optional<String> sha256) {

    public ObjectInfo(StoragePath path, long size, Instant modified) {
        this(path, size, modified, Optional.empty());
    }
}
