package io.recsync.manifest;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import java.util.List;
import java.util.Map;

/**
 * Remembers the SHA-256 (and, for sidecars, the identity) of files a scan has read, keyed by
 * path, size and modification time, so that a scan reads only files that are new or changed.
 * One instance serves one site; the state database implements it with a table keyed by site and
 * path.
 *
 * <p>Both methods take batches because a site has millions of files and a remote database round
 * trip per file would cost more than the scan itself; the scanner calls each once per batch of a
 * few hundred files. Implementations must be safe to call from one scanning thread at a time.
 */
public interface ChecksumCache {

    /**
     * The entries for those objects of {@code batch} whose path is cached with the same size and
     * modification time ({@link CachedChecksum#matches}); objects that are new or changed are
     * absent from the answer.
     */
    Map<StoragePath, CachedChecksum> lookup(List<ObjectInfo> batch);

    /** Adds or replaces the entries for their paths. */
    void store(List<CachedChecksum> entries);

    /**
     * A reader of the cache in path order ({@link String#compareTo}), for a scan whose walk lists
     * paths in that order: each listed file is matched as the reader moves forward, so an unchanged
     * file costs no lookup. Null when this cache offers no such order (then every file is looked up).
     */
    default Ordered ordered() {
        return null;
    }

    /**
     * Moves through the cache in path order as a walk moves through the site. A file this reader
     * does not find (new, changed, listed out of order, or ordered otherwise by the database) is
     * not thereby unknown: the scanner still asks {@link #lookup} for it, so the order can only ever
     * cost speed, never a read that was needed.
     */
    interface Ordered {
        /**
         * The cached entry for {@code info} when one is cached at its path with the same size and
         * modification time ({@link CachedChecksum#matches}), else null. Entries of paths before
         * {@code info}'s are passed over (files gone since they were cached).
         */
        CachedChecksum next(ObjectInfo info);
    }
}
