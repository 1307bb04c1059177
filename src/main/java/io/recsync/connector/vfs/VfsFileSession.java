package io.recsync.connector.vfs;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.connector.remote.RemoteEntry;
import io.recsync.connector.remote.RemoteSession;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.vfs2.CacheStrategy;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.NameScope;
import org.apache.commons.vfs2.auth.StaticUserAuthenticator;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemConfigBuilder;
import org.apache.commons.vfs2.impl.StandardFileSystemManager;
import org.apache.commons.vfs2.provider.UriParser;

/**
 * A session of the generic {@code vfs} kind: its own file system manager (so sessions share no
 * connection) over the provider's FileObject API, with no file cache (another session's write must
 * be visible at once).
 */
final class VfsFileSession implements RemoteSession {

    /** Characters VFS would read as URI syntax inside one name. */
    private static final char[] RESERVED = {'#', '?'};

    private final StandardFileSystemManager manager;
    private final FileObject root;

    private VfsFileSession(StandardFileSystemManager manager, FileObject root) {
        this.manager = manager;
        this.root = root;
    }

    static StandardFileSystemManager newManager() throws FileSystemException {
        StandardFileSystemManager m = new StandardFileSystemManager();
        m.setFilesCache(new NullFilesCache());
        m.setCacheStrategy(CacheStrategy.ON_RESOLVE);
        m.init();
        return m;
    }

    static VfsFileSession open(VfsSettings settings) throws Exception {
        StandardFileSystemManager m = newManager();
        try {
            FileSystemOptions options = new FileSystemOptions();
            if (settings.username() != null || settings.password() != null) {
                String password = settings.password() == null ? null : settings.password().reveal();
                DefaultFileSystemConfigBuilder.getInstance().setUserAuthenticator(options,
                        new StaticUserAuthenticator(null, settings.username(), password));
            }
            FileObject root = m.resolveFile(settings.rootUri(), options);
            if (root.getType() != FileType.FOLDER) {
                // Not "not found": an empty answer here would read as "the site holds nothing".
                throw new PermanentStorageException("the site root " + root.getName().getFriendlyURI()
                        + " is not an existing directory; create it or correct 'uri'/'root'");
            }
            return new VfsFileSession(m, root);
        } catch (Exception | Error e) {
            m.close();
            throw e;
        }
    }

    private FileObject resolve(StoragePath p) throws FileSystemException {
        if (p.isRoot()) {
            return root;
        }
        StringBuilder encoded = new StringBuilder();
        for (String segment : p.value().split("/")) {
            if (segment.indexOf('\\') >= 0) {
                // VFS turns a backslash into a separator on some providers (file: wrote "a\\b" as a/b).
                throw new PathRejectedException(p.value(), "the vfs kind cannot store '\\' in a name");
            }
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(UriParser.encode(segment, RESERVED));
        }
        return root.resolveFile(encoded.toString(), NameScope.DESCENDENT);
    }

    @Override
    public Optional<RemoteEntry> stat(StoragePath path) throws Exception {
        FileObject f = resolve(path);
        return f.exists() ? Optional.of(entry(path.isRoot() ? "" : path.name(), f)) : Optional.empty();
    }

    @Override
    public List<RemoteEntry> list(StoragePath directory) throws Exception {
        List<RemoteEntry> out = new ArrayList<>();
        for (FileObject child : resolve(directory).getChildren()) {
            out.add(entry(UriParser.decode(child.getName().getBaseName()), child));
        }
        return out;
    }

    private static RemoteEntry entry(String name, FileObject f) throws FileSystemException {
        if (f.isSymbolicLink()) {
            return new RemoteEntry(name, RemoteEntry.Kind.SYMLINK, 0, Instant.EPOCH);
        }
        FileType t = f.getType();
        if (t == FileType.FOLDER) {
            return new RemoteEntry(name, RemoteEntry.Kind.DIRECTORY, 0, Instant.EPOCH);
        }
        if (t == FileType.FILE) {
            return new RemoteEntry(name, RemoteEntry.Kind.FILE, f.getContent().getSize(),
                    Instant.ofEpochMilli(f.getContent().getLastModifiedTime()));
        }
        return new RemoteEntry(name, RemoteEntry.Kind.OTHER, 0, Instant.EPOCH);
    }

    @Override
    public InputStream read(StoragePath path, long offset) throws Exception {
        if (offset != 0) {
            throw new UnsupportedOperationException("the vfs kind reads whole objects only");
        }
        FileObject f = resolve(path);
        return new FilterInputStream(f.getContent().getInputStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    f.close();
                }
            }
        };
    }

    @Override
    public OutputStream write(StoragePath path, long size) throws Exception {
        FileObject f = resolve(path);
        return new FilterOutputStream(f.getContent().getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream would write byte by byte
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    f.close();
                }
            }
        };
    }

    @Override
    public void makeDirectory(StoragePath directory) throws Exception {
        resolve(directory).createFolder();
    }

    /**
     * VFS has no rename that refuses an existing target: {@code moveTo} deletes the target first. So
     * CREATE_NEW looks first; the connector's per-name lock keeps its own threads from racing, and a
     * writer outside recsync in the instant between look and rename is the documented limit of this
     * kind. REPLACE is VFS's delete-then-rename: the name is briefly absent, never half-written.
     */
    @Override
    public void publish(StoragePath temp, StoragePath target, WriteMode mode) throws Exception {
        FileObject from = resolve(temp);
        FileObject to = resolve(target);
        if (mode == WriteMode.CREATE_NEW && to.exists()) {
            throw new AlreadyExistsException(root.getName().getFriendlyURI() + ": " + target
                    + " already exists; it was left untouched");
        }
        from.moveTo(to);
    }

    @Override
    public boolean delete(StoragePath path) throws Exception {
        FileObject f = resolve(path);
        if (f.getType() == FileType.FOLDER) {
            throw new IOException(path + " is a directory, not an object");
        }
        return f.delete();
    }

    @Override
    public void close() {
        manager.close();
    }
}
