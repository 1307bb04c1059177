package io.recsync.connector.vfs;

import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * One connection to a store reached through Commons VFS, lent by {@link SessionPool} to one call
 * at a time. Paths are relative to the site root; the session maps them to its own form.
 * Methods throw whatever the underlying library throws: the connector translates it into a typed
 * {@link io.recsync.connector.StorageException} in one place.
 */
public interface RemoteSession extends AutoCloseable {

    /** The entry at {@code path} (following links), empty when nothing is there. */
    Optional<RemoteEntry> stat(StoragePath path) throws Exception;

    /** The entries of a directory ({@link StoragePath#ROOT} for the root), links reported as links. */
    List<RemoteEntry> list(StoragePath directory) throws Exception;

    /** Reads from byte {@code offset}; closing the stream ends the read. */
    InputStream read(StoragePath path, long offset) throws Exception;

    /** Creates or truncates {@code path} for writing {@code size} bytes. */
    OutputStream write(StoragePath path, long size) throws Exception;

    /** Creates one directory whose parent exists. */
    void makeDirectory(StoragePath directory) throws Exception;

    /**
     * Gives the complete, verified {@code temp} its final name {@code target}.
     *
     * @throws io.recsync.connector.AlreadyExistsException with {@link WriteMode#CREATE_NEW} when
     *     {@code target} exists (it is left untouched)
     */
    void publish(StoragePath temp, StoragePath target, WriteMode mode) throws Exception;

    /** @return false when nothing was there */
    boolean delete(StoragePath path) throws Exception;

    /**
     * Refuses a directory that resolves outside the site root (a symbolic link on the server), before
     * anything is written into it. Best effort: stores that cannot tell accept every directory.
     */
    default void checkInsideRoot(StoragePath directory) throws Exception {}

    @Override
    void close();
}
