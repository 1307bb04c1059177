package io.recsync.connector.remote;

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

    /**
     * Whether this kind can resume an interrupted write: {@link #lstat} tells a regular file from a
     * link, and {@link #append} continues a file where it ends. False: a leftover temp is removed
     * and the file written from its start.
     */
    default boolean resumesWrites() {
        return false;
    }

    /** The entry at {@code path} itself, a symbolic link reported as a link; only if {@link #resumesWrites()}. */
    default Optional<RemoteEntry> lstat(StoragePath path) throws Exception {
        throw new UnsupportedOperationException("lstat");
    }

    /**
     * Opens the existing {@code path} to write {@code remaining} more bytes after its last one;
     * only if {@link #resumesWrites()}.
     */
    default OutputStream append(StoragePath path, long remaining) throws Exception {
        throw new UnsupportedOperationException("append");
    }

    /**
     * Opens {@code temp} for a fresh write of {@code size} bytes, never through a leftover at that
     * name (it may be a planted symbolic link, or a second name of a published recording): a leftover
     * is removed, not truncated. With {@code mustBeFree} set, answers empty (and leaves no temp) when
     * a file already holds that name. The default: look, remove, create, and after the write ask the
     * size by name; kinds that can do better in fewer round trips override it.
     */
    default Optional<TempOutput> createTemp(StoragePath temp, long size, StoragePath mustBeFree) throws Exception {
        if (mustBeFree != null && stat(mustBeFree).map(RemoteEntry::isFile).orElse(false)) {
            return Optional.empty();
        }
        delete(temp);
        OutputStream out = write(temp, size);
        return Optional.of(new TempOutput() {
            private boolean closed;

            @Override
            public void write(int b) throws java.io.IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                out.write(b, off, len);
            }

            @Override
            public long finish() throws Exception {
                close();
                return stat(temp).map(RemoteEntry::size).orElse(-1L);
            }

            @Override
            public void close() throws java.io.IOException {
                if (!closed) {
                    closed = true;
                    out.close();
                }
            }
        });
    }

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
     * Makes sure {@code directory} exists, creating what is missing, before a temp file is written
     * into it. Kinds whose server can resolve links (SFTP realpath) also refuse a directory that
     * leads outside the site root, before creating anything through it.
     */
    default void prepareDirectory(StoragePath directory) throws Exception {
        Directories.ensure(this, directory);
    }

    /**
     * False when the connection is known to be gone (the server or the network dropped it while the
     * session sat idle in the pool): the pool then opens a new session instead of lending this one,
     * so an idle drop costs no failed attempt. True when the kind cannot tell; a dead connection then
     * shows as a transient error on first use.
     */
    default boolean isConnected() {
        return true;
    }

    @Override
    void close();
}
