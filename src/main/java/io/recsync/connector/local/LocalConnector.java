package io.recsync.connector.local;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.ChecksumMismatchException;
import io.recsync.connector.Connector;
import io.recsync.connector.NoSpaceException;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.PutResult;
import io.recsync.connector.RangedRead;
import io.recsync.connector.Sha256;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import io.recsync.connector.remote.LazyWalk;
import io.recsync.connector.remote.RemoteEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A site on a local or mounted filesystem. A put streams into a hidden temp file beside the final
 * name, hashing as it writes, and publishes only a verified file: by hard link for
 * {@link WriteMode#CREATE_NEW} (which fails atomically if the name exists, so nothing is ever
 * replaced), by atomic rename for {@link WriteMode#REPLACE}.
 */
public final class LocalConnector implements Connector, RangedRead {

    private final LocalSettings settings;
    private final Path root;
    /**
     * Directories below the root already proven to exist and to lead nowhere outside it. Proving a
     * directory costs a readlink per path component and a mkdir; a run puts thousands of files in
     * a few hundred directories, so each is proven once per connector (one run). A directory
     * swapped for a symlink during the run is as much a race as it was with a check per file.
     */
    private final Set<Path> provenDirectories = ConcurrentHashMap.newKeySet();

    public LocalConnector(LocalSettings settings) {
        this.settings = settings;
        try {
            if (settings.createRoot()) {
                Files.createDirectories(settings.root());
            }
            this.root = settings.root().toRealPath();
        } catch (IOException e) {
            throw map(e, settings.root().toString());
        }
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        Path file = resolveExisting(path);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw symlink(path);
            }
            if (!a.isRegularFile()) {
                throw new NotFoundException("not a regular file: " + describe() + "/" + path);
            }
            dropSecondName(file);
            return new ObjectInfo(path, a.size(), a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            throw map(e, path.value());
        }
    }

    @Override
    public InputStream open(StoragePath path) {
        return open(path, 0);
    }

    @Override
    public InputStream open(StoragePath path, long offset) {
        Path file = resolveExisting(path);
        try {
            SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            if (offset > 0) {
                ch.position(offset);
            }
            return Channels.newInputStream(ch);
        } catch (IOException e) {
            // Opened without following links: a symlink at the name fails here (ELOOP), with no
            // extra lstat on every read.
            if (Files.isSymbolicLink(file)) {
                throw symlink(path);
            }
            throw map(e, path.value());
        }
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        Path start = prefix.isRoot() ? root : root.resolve(prefix.value());
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        // One directory at a time, links not followed (they could loop or leave the root); a name no
        // site path can carry ("new\nline.wav") is skipped with a warning instead of failing the scan.
        LazyWalk walk = new LazyWalk(prefix, this::listDirectory);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.NONNULL), false)
                .filter(o -> !TempNames.isTemp(o.path().name()));
    }

    /** The entries of one directory; an entry that vanishes while it is read (a recorder's own temp file) is skipped. */
    private List<RemoteEntry> listDirectory(StoragePath dir) {
        Path d = dir.isRoot() ? root : root.resolve(dir.value());
        List<RemoteEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    RemoteEntry.Kind kind = a.isRegularFile() ? RemoteEntry.Kind.FILE : a.isDirectory()
                            ? RemoteEntry.Kind.DIRECTORY : a.isSymbolicLink() ? RemoteEntry.Kind.SYMLINK : RemoteEntry.Kind.OTHER;
                    entries.add(new RemoteEntry(p.getFileName().toString(), kind, a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException gone) {
                    // deleted or renamed between listing and reading: not there any more
                }
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw map(e, dir.value());
        }
        return entries;
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        Path target = resolveForWrite(path);
        Path temp = root.resolve(TempNames.tempFor(path).value());
        boolean tempLeft = false;
        try {
            // No look at the target first: the hard-link publish refuses an existing name atomically,
            // and the copier has just looked before calling put.
            tempLeft = true;
            Written w = writeTemp(data, temp, path, size);
            if (w.bytes() != size || !w.sha256().equals(expectedSha256)) {
                throw new ChecksumMismatchException("copy of " + path + " does not verify: expected " + size + " bytes with "
                        + "sha256 " + expectedSha256 + ", got " + w.bytes() + " bytes with sha256 " + w.sha256()
                        + "; nothing was published");
            }
            // The temp name goes before the directory is flushed: one flush persists both, and a
            // kill can no longer leave the temp behind as a second name of the published recording.
            tempLeft = publish(temp, target, mode, path) && !removeTemp(temp);
            if (settings.fsync()) {
                fsyncDirectory(target.getParent());
            }
            return new PutResult(path, w.bytes(), w.sha256());
        } catch (IOException e) {
            throw map(e, path.value());
        } finally {
            if (tempLeft) {
                removeTemp(temp);
            }
        }
    }

    /** True once the temp name is gone; a leftover is hidden, skipped by walks, and replaced by the next put. */
    private static boolean removeTemp(Path temp) {
        try {
            Files.deleteIfExists(temp);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean delete(StoragePath path) {
        Path file = resolveForWrite(path);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw map(e, path.value());
        }
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    private record Written(long bytes, String sha256) {}

    private Written writeTemp(InputStream data, Path temp, StoragePath path, long size) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buf = Sha256.buffer(size);
        long total = 0;
        try (FileChannel out = openTemp(temp, path)) {
            int n;
            while ((n = readSource(data, buf)) >= 0) {
                digest.update(buf, 0, n);
                total += n;
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            if (settings.fsync()) {
                out.force(true);
            }
        }
        return new Written(total, Sha256.hex(digest.digest()));
    }

    private FileChannel openTemp(Path temp, StoragePath path) throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (NoSuchFileException gone) {
            // Its directory was removed since it was proven (someone tidying the site mid-run):
            // create and prove it again, once.
            provenDirectories.remove(temp.getParent());
            resolveForWrite(path);
            return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
    }

    /** A failure reading the source is the source's (often a broken link), not this disk's. */
    private static int readSource(InputStream data, byte[] buf) {
        try {
            return data.read(buf);
        } catch (IOException e) {
            throw new TransientStorageException("reading the source failed: " + e.getMessage(), e);
        }
    }

    /**
     * A process killed between publishing (hard link) and removing the temp name leaves the temp as
     * a second name of the very same file; whoever looks at the recording next removes it. Only
     * that case: a temp holding other bytes is an unfinished put, replaced by the next put.
     */
    private void dropSecondName(Path file) {
        Path temp = root.resolve(TempNames.tempFor(StoragePath.of(root.relativize(file).toString())).value());
        try {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(temp, file)) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // housekeeping only: the leftover is hidden and skipped by walks
        }
    }

    /** Gives the verified temp its final name; true when the temp name is still there (a hard link). */
    private boolean publish(Path temp, Path target, WriteMode mode, StoragePath path) throws IOException {
        if (mode == WriteMode.REPLACE) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return false;
        }
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException("already exists, not replaced: " + describe() + "/" + path);
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new AlreadyExistsException("already exists, not replaced: " + describe() + "/" + path);
            }
            // Filesystems without hard links (some NAS mounts): the check above and an atomic
            // rename; the job's run lock keeps other recsync runs from racing us here.
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return false;
        }
    }

    /** The file for a path that must already exist and must not lead outside the root. */
    private Path resolveExisting(StoragePath path) {
        Path file = root.resolve(path.value());
        Path parent = file.getParent();
        if (!provenDirectories.contains(parent)) {
            try {
                proveInsideRoot(parent, path);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("not found: " + describe() + "/" + path);
            } catch (IOException e) {
                throw map(e, path.value());
            }
        }
        return file;
    }

    /** The file for a path about to be written: parents created, and proven to be inside the root. */
    private Path resolveForWrite(StoragePath path) {
        Path file = root.resolve(path.value());
        Path parent = file.getParent();
        if (!provenDirectories.contains(parent)) {
            try {
                Files.createDirectories(parent);
                proveInsideRoot(parent, path);
            } catch (IOException e) {
                throw map(e, path.value());
            }
        }
        return file;
    }

    private void proveInsideRoot(Path dir, StoragePath path) throws IOException {
        if (!dir.toRealPath().startsWith(root)) {
            throw new PathRejectedException(path.value(), "its directory leads outside the site root through a symlink");
        }
        provenDirectories.add(dir);
    }

    private static PathRejectedException symlink(StoragePath path) {
        return new PathRejectedException(path.value(), "is a symlink; recsync reads and writes regular files only");
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot open a directory for fsync; the file itself was forced
        }
    }

    private StorageException map(IOException e, String path) {
        String where = (root == null ? settings.root().toString() : describe()) + "/" + path;
        if (e instanceof NoSuchFileException) {
            return new NotFoundException("not found: " + where, e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new AccessDeniedException("permission denied: " + where + "; check the owner and mode of the site root", e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new AlreadyExistsException("already exists: " + where, e);
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left") || msg.contains("Disk quota exceeded")) {
            return new NoSpaceException("the disk is full writing " + where + "; free space and rerun", e);
        }
        if (msg.contains("Stale file handle") || msg.contains("Input/output error") || msg.contains("Host is down")) {
            return new TransientStorageException(msg + ": " + where, e);
        }
        return new PermanentStorageException(e.getClass().getSimpleName() + ": " + msg + " (" + where + ")", e);
    }
}
