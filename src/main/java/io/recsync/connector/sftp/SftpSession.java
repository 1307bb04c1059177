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
import io.recsync.connector.remote.RemoteEntry;
import io.recsync.connector.remote.RemoteSession;
import io.recsync.connector.remote.TempOutput;
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
    /** The pipelining channel of puts, opened on first use; null while none is open. */
    private SftpWire wire;

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
            // Without userDirIsRoot the root needs no answer from the server, and its check goes over
            // the put's own channel: a session that only puts never sets up VFS's channel.
            s.base = site.settings.userDirIsRoot() ? s.withChannel(site::base) : site.base(null);
            SftpWire w = s.wire();
            SftpWire.Attrs top = w.await(w.stat(s.path(StoragePath.ROOT))).attrs();
            if (top == null || (top.permissions() & 0170000) != 0040000) {
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
        SftpWire w = wire();
        w.await(w.mkdir(path(directory))).expectOk();
    }

    @Override
    public void publish(StoragePath temp, StoragePath target, WriteMode mode) throws Exception {
        String from = path(temp);
        String to = path(target);
        if (mode == WriteMode.CREATE_NEW && site.hardlinkProven()) {
            publisher.publishNewPipelined(wire(), from, to, target);
            return;
        }
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
     * the site root, and only then creates the missing rest below it, one level at a time: a symbolic
     * link leading out is refused before anything is created through it. A directory proven or
     * created once is remembered for the run: later puts into it spend no round trip on it. The first
     * time, the looks at every level not yet known go out together: two round trips when the
     * directory exists, plus one per missing level.
     */
    @Override
    public void prepareDirectory(StoragePath directory) throws Exception {
        if (site.knownDirectory(directory)) {
            return;
        }
        // One session prepares a directory while the others putting into it wait: the two files of a
        // recording, copied at once, would otherwise both create it, and the loser pay the checks.
        synchronized (site.directoryLock(directory)) {
            if (!site.knownDirectory(directory)) {
                prepareUnknownDirectory(directory);
            }
        }
    }

    private void prepareUnknownDirectory(StoragePath directory) throws Exception {
        if (!directory.isRoot() && site.knownDirectory(directory.parent())) {
            // The usual case on a night's copy (a new day below a known month): one mkdir.
            createInKnownParent(directory);
            return;
        }
        List<StoragePath> levels = new ArrayList<>();
        for (StoragePath d = directory; ; d = d.parent()) {
            levels.add(d);
            if (d.isRoot() || site.knownDirectory(d)) {
                break;
            }
        }
        SftpWire w = wire();
        int[] ids = new int[levels.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = w.stat(path(levels.get(i)));
        }
        int deepest = -1;
        SftpWire.Attrs found = null;
        for (int i = 0; i < ids.length; i++) {
            SftpWire.Attrs a = w.await(ids[i]).attrs();
            if (a != null && deepest < 0) {
                deepest = i;
                found = a;
            }
        }
        if (deepest < 0) {
            throw new PermanentStorageException(site.description + ": the site root " + base + " is gone from the server");
        }
        StoragePath checked = levels.get(deepest);
        if ((found.permissions() & 0170000) != 0040000) {
            throw new PathRejectedException(checked.value(), "exists and is not a directory");
        }
        if (!site.knownDirectory(checked)) {
            site.checkInside(this::realpath, base, path(checked), checked);
            site.directoryKnown(checked);
        }
        for (int i = deepest - 1; i >= 0; i--) {
            createInKnownParent(levels.get(i));
        }
    }

    /**
     * mkdir below a directory proven inside the root: what it creates is inside too. When the name
     * is taken (another writer created it a moment ago, or it was there all along), a directory is
     * accepted once proven inside the root (realpath); anything else is refused.
     */
    private void createInKnownParent(StoragePath d) throws Exception {
        try {
            makeDirectory(d);
        } catch (SftpException failed) {
            if (failed.getCause() != null) {
                throw failed;
            }
            Optional<RemoteEntry> e = stat(d);
            if (e.isEmpty()) {
                throw failed;
            }
            if (!e.get().isDirectory()) {
                throw new PathRejectedException(d.value(), "exists and is not a directory");
            }
            site.checkInside(this::realpath, base, path(d), d);
        }
        site.directoryKnown(d);
    }

    /** Over the put channel: see {@link SftpSite#checkInside} for why never over VFS's. */
    private String realpath(String p) throws Exception {
        SftpWire w = wire();
        return w.await(w.realpath(p)).name();
    }

    private SftpWire wire() throws Exception {
        if (wire != null && wire.broken()) {
            wire.close();
            wire = null;
        }
        if (wire == null) {
            wire = SftpWire.open(fs.session(), (int) site.settings.connectTimeout().toMillis());
        }
        return wire;
    }

    /** The look and the exclusive create in one round trip over the put channel: {@link SftpWireTemp#create}. */
    @Override
    public Optional<TempOutput> createTemp(StoragePath temp, long size, StoragePath mustBeFree) throws Exception {
        String t = path(temp);
        return SftpWireTemp.create(wire(), t, mustBeFree == null ? null : path(mustBeFree), size, () -> {
            site.forgetDirectory(temp.parent());
            prepareDirectory(temp.parent());
        }, remaining -> explainFailedWrite(t, remaining)).map(o -> (TempOutput) o);
    }

    @Override
    public void close() {
        if (wire != null) {
            wire.close();
        }
        manager.close();
    }
}
