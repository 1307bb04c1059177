package io.recsync.connector.sftp;

import static io.recsync.connector.sftp.SftpPaths.quoted;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.connector.remote.Directories;
import io.recsync.connector.remote.RemoteEntry;
import io.recsync.connector.remote.RemoteSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;

/**
 * One SSH session (its own VFS manager and file system), speaking SFTP on its channel. Lent to one
 * call at a time by the connector's pool.
 */
final class SftpSession implements RemoteSession {

    @FunctionalInterface
    private interface ChannelCall<T> {
        T apply(ChannelSftp channel) throws Exception;
    }

    private final SftpSite site;
    private final DefaultFileSystemManager manager;
    private final ChannelSftpFileSystem fs;
    private final SftpPublisher publisher;
    private String base;

    private SftpSession(SftpSite site, DefaultFileSystemManager manager, ChannelSftpFileSystem fs) {
        this.site = site;
        this.manager = manager;
        this.fs = fs;
        this.publisher = new SftpPublisher(site);
    }

    /** Connects; a host key or login problem surfaces here as a typed, explained error. */
    static SftpSession open(SftpSite site) throws Exception {
        DefaultFileSystemManager m = new DefaultFileSystemManager();
        try {
            m.addProvider("sftp", new ChannelSftpFileProvider(site::tune));
            m.setFilesCache(new NullFilesCache());
            m.init();
            HostKeyVerifier verifier = site.newVerifier();
            FileObject root;
            try {
                root = m.resolveFile(site.rootUri(), site.options(verifier));
            } catch (FileSystemException e) {
                throw SftpErrors.connectFailure(e, site, verifier);
            }
            SftpSession s = new SftpSession(site, m, (ChannelSftpFileSystem) root.getFileSystem());
            s.base = s.withChannel(site::base);
            if (!s.stat(StoragePath.ROOT).map(RemoteEntry::isDirectory).orElse(false)) {
                // Not "not found": an empty answer here would read as "the site holds nothing".
                throw new PermanentStorageException(site.description + ": the site root " + s.base + " is not a directory"
                        + " on the server; create it or correct 'root'" + (site.settings.userDirIsRoot()
                        ? " (relative to the login directory, userDirIsRoot: true)" : ""));
            }
            return s;
        } catch (Exception | Error e) {
            m.close();
            throw e;
        }
    }

    private String path(StoragePath p) {
        return SftpPaths.join(base, p);
    }

    private <T> T withChannel(ChannelCall<T> call) throws Exception {
        ChannelSftp channel = fs.borrowChannel();
        boolean reusable = false;
        try {
            T result = call.apply(channel);
            reusable = true;
            return result;
        } catch (SftpException e) {
            // A status answer leaves the channel sound; anything underneath (a broken stream) does not.
            reusable = e.getCause() == null;
            throw e;
        } catch (StorageException e) {
            reusable = true; // our own verdict (name taken, link leaving the root): the channel is fine
            throw e;
        } finally {
            if (reusable) {
                fs.returnChannel(channel);
            } else {
                channel.disconnect();
            }
        }
    }

    @Override
    public Optional<RemoteEntry> stat(StoragePath p) throws Exception {
        return withChannel(ch -> {
            try {
                return Optional.of(entry(p.isRoot() ? "" : p.name(), ch.stat(quoted(path(p)))));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<RemoteEntry> list(StoragePath directory) throws Exception {
        return withChannel(ch -> {
            List<RemoteEntry> out = new ArrayList<>();
            for (Object o : ch.ls(quoted(path(directory)))) {
                ChannelSftp.LsEntry e = (ChannelSftp.LsEntry) o;
                out.add(entry(e.getFilename(), e.getAttrs()));
            }
            return out;
        });
    }

    private static RemoteEntry entry(String name, SftpATTRS a) {
        Instant modified = Instant.ofEpochSecond(Integer.toUnsignedLong(a.getMTime()));
        RemoteEntry.Kind kind = a.isLink() ? RemoteEntry.Kind.SYMLINK
                : a.isDir() ? RemoteEntry.Kind.DIRECTORY
                : a.isReg() ? RemoteEntry.Kind.FILE
                : RemoteEntry.Kind.OTHER;
        return new RemoteEntry(name, kind, a.getSize(), modified);
    }

    @Override
    public InputStream read(StoragePath p, long offset) throws Exception {
        ChannelSftp channel = fs.borrowChannel();
        try {
            return new ChannelStreams.Reading(channel.get(quoted(path(p)), null, offset), channel, fs);
        } catch (Exception | Error e) {
            channel.disconnect();
            throw e;
        }
    }

    @Override
    public OutputStream write(StoragePath p, long size) throws Exception {
        String target = path(p);
        ChannelSftp channel = fs.borrowChannel();
        try {
            OutputStream out = channel.put(quoted(target), null, ChannelSftp.OVERWRITE, 0);
            return new ChannelStreams.Writing(out, channel, fs, size, remaining -> explainFailedWrite(target, remaining));
        } catch (Exception | Error e) {
            channel.disconnect();
            throw e;
        }
    }

    @Override
    public boolean resumesWrites() {
        return true;
    }

    @Override
    public Optional<RemoteEntry> lstat(StoragePath p) throws Exception {
        return withChannel(ch -> {
            try {
                return Optional.of(entry(p.isRoot() ? "" : p.name(), ch.lstat(quoted(path(p)))));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** JSch's APPEND mode opens without truncating and writes from the size the file has then. */
    @Override
    public OutputStream append(StoragePath p, long remaining) throws Exception {
        String target = path(p);
        ChannelSftp channel = fs.borrowChannel();
        try {
            OutputStream out = channel.put(quoted(target), null, ChannelSftp.APPEND, 0);
            return new ChannelStreams.Writing(out, channel, fs, remaining, r -> explainFailedWrite(target, r));
        } catch (Exception | Error e) {
            channel.disconnect();
            throw e;
        }
    }

    /**
     * OpenSSH and MINA report a full disk as a bare "Failure". Ask the file system (statvfs@openssh.com,
     * on a second channel: the writing one is mid-transfer) whether the rest still fits. Null when
     * there is room: then the failure is something else and its own message stands.
     */
    private String explainFailedWrite(String file, long remaining) {
        String dir = file.substring(0, Math.max(1, file.lastIndexOf('/')));
        try {
            return withChannel(ch -> {
                var vfs = ch.statVFS(quoted(dir));
                long free = vfs.getAvailBlocks() * vfs.getFragmentSize();
                return free < remaining ? "the server's disk is full: " + free + " bytes free in " + dir + ", "
                        + remaining + " more needed" : null;
            });
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_OP_UNSUPPORTED) {
                return "the server refused the write with a bare 'Failure' and cannot report its free space (no"
                        + " statvfs@openssh.com); a full disk or an exhausted quota is the usual cause, check " + dir;
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void makeDirectory(StoragePath directory) throws Exception {
        withChannel(ch -> {
            ch.mkdir(path(directory)); // JSch's mkdir does not glob: the path goes unquoted
            return null;
        });
    }

    @Override
    public void publish(StoragePath temp, StoragePath target, WriteMode mode) throws Exception {
        String from = path(temp);
        String to = path(target);
        withChannel(ch -> {
            if (mode == WriteMode.CREATE_NEW) {
                publisher.publishNew(ch, from, to, target);
            } else {
                SftpPublisher.publishReplacing(ch, from, to);
            }
            return null;
        });
    }

    @Override
    public boolean delete(StoragePath p) throws Exception {
        return withChannel(ch -> {
            try {
                ch.rm(quoted(path(p)));
                return true;
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Finds the deepest part of {@code directory} that exists, proves (realpath) that it lies inside
     * the site root, and only then creates the missing rest below it: a symbolic link leading out
     * is refused before anything is created through it. Two round trips when the directory exists.
     */
    @Override
    public void prepareDirectory(StoragePath directory) throws Exception {
        StoragePath existing = directory;
        Optional<RemoteEntry> entry = stat(existing);
        while (entry.isEmpty() && !existing.isRoot()) {
            existing = existing.parent();
            entry = stat(existing);
        }
        StoragePath checked = existing;
        if (entry.isPresent() && !entry.get().isDirectory()) {
            throw new PathRejectedException(checked.value(), "exists and is not a directory");
        }
        withChannel(ch -> {
            site.checkInside(ch, path(checked), checked);
            return null;
        });
        if (!checked.equals(directory)) {
            Directories.ensure(this, directory);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
