package io.recsync.connector.smb;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import com.hierynomus.smbj.share.Share;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import io.recsync.connector.remote.RemoteEntry;
import io.recsync.connector.remote.RemoteSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One TCP connection, one login and one connected share, lent by the connector's pool to one call
 * at a time. Its own {@link SMBClient}: SMBJ shares a connection between all logins of one client
 * to the same server, and the pool wants connections it can use, and lose, one by one.
 */
final class SmbSession implements RemoteSession {

    private static final Logger LOG = Logger.getLogger(SmbSession.class.getName());

    private static final EnumSet<SMB2CreateOptions> NOT_A_DIRECTORY = EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE);

    private final SmbSite site;
    private final SMBClient client;
    private final Connection connection;
    private final DiskShare share;

    private SmbSession(SmbSite site, SMBClient client, Connection connection, DiskShare share) {
        this.site = site;
        this.client = client;
        this.connection = connection;
        this.share = share;
    }

    /** Connects, logs in and opens the share; a login or share problem surfaces here, typed and explained. */
    static SmbSession open(SmbSite site) throws Exception {
        SMBClient client = new SMBClient(site.newConfig());
        Connection connection = null;
        try {
            connection = client.connect(site.settings.host(), site.settings.port());
            DiskShare share = diskShare(site, login(site, connection));
            SmbSession opened = new SmbSession(site, client, connection, share);
            if (!opened.stat(StoragePath.ROOT).map(RemoteEntry::isDirectory).orElse(false)) {
                // Not "not found": an empty answer here would read as "the site holds nothing".
                throw new PermanentStorageException(site.description + ": the site root '" + site.settings.root()
                        + "' is not a directory in share '" + site.settings.share() + "'; create it or correct 'root'");
            }
            return opened;
        } catch (Exception | Error e) {
            closeQuietly(client, connection);
            throw e;
        }
    }

    /** A session as the profile's user, refusing a guest login and a connection that cannot encrypt as asked. */
    private static Session login(SmbSite site, Connection connection) throws Exception {
        SmbSettings s = site.settings;
        Session session;
        try {
            session = connection.authenticate(site.credentials());
        } catch (SMBApiException e) {
            throw SmbErrors.loginFailed(s, site.description, e);
        }
        if (session.isGuest() || session.isAnonymous()) {
            throw SmbErrors.guestLogin(s, site.description);
        }
        if (s.encryption() && !session.shouldEncryptData()) {
            // SMBJ silently talks in the clear when the server picks a dialect without encryption.
            throw new PermanentStorageException(site.description + ": 'encryption: true', but the server chose "
                    + connection.getNegotiatedProtocol().getDialect() + ", which cannot encrypt; nothing was sent."
                    + " Enable SMB 3 on the server (Samba: server max protocol = SMB3) or, if this link needs no"
                    + " encryption, set 'encryption: false'");
        }
        return session;
    }

    private static DiskShare diskShare(SmbSite site, Session session) throws Exception {
        Share share;
        try {
            share = session.connectShare(site.settings.share());
        } catch (SMBApiException e) {
            throw SmbErrors.shareFailed(site.settings, site.description, e);
        }
        if (share instanceof DiskShare disk) {
            return disk;
        }
        share.close();
        throw new PermanentStorageException(site.description + ": '" + site.settings.share() + "' on "
                + site.settings.host() + " is not a disk share (a printer or pipe share); check 'share'");
    }

    @Override
    public Optional<RemoteEntry> stat(StoragePath p) throws Exception {
        FileAllInformation info;
        try {
            info = share.getFileInformation(site.path(p));
        } catch (SMBApiException e) {
            if (SmbErrors.NOT_FOUND.contains(e.getStatus())) {
                return Optional.empty();
            }
            throw e;
        }
        long attributes = info.getBasicInformation().getFileAttributes();
        return Optional.of(entry(p.isRoot() ? "" : p.name(), attributes, info.getStandardInformation().getEndOfFile(),
                info.getBasicInformation().getLastWriteTime().toInstant()));
    }

    @Override
    public List<RemoteEntry> list(StoragePath directory) throws Exception {
        List<RemoteEntry> out = new ArrayList<>();
        for (FileIdBothDirectoryInformation i : share.list(site.path(directory))) {
            String raw = i.getFileName();
            if (raw.equals(".") || raw.equals("..")) {
                continue;
            }
            String name = SmbNames.decode(raw);
            if (name == null) {
                LOG.warning(site.description + ": skipping an entry of " + directory + " whose name recsync cannot carry: '"
                        + raw + "'");
                continue;
            }
            out.add(entry(name, i.getFileAttributes(), i.getEndOfFile(), i.getLastWriteTime().toInstant()));
        }
        return out;
    }

    private static RemoteEntry entry(String name, long attributes, long size, Instant modified) {
        RemoteEntry.Kind kind = has(attributes, FileAttributes.FILE_ATTRIBUTE_REPARSE_POINT) ? RemoteEntry.Kind.SYMLINK
                : has(attributes, FileAttributes.FILE_ATTRIBUTE_DIRECTORY) ? RemoteEntry.Kind.DIRECTORY
                : RemoteEntry.Kind.FILE;
        return new RemoteEntry(name, kind, size, modified);
    }

    private static boolean has(long attributes, FileAttributes a) {
        return (attributes & a.getValue()) != 0;
    }

    @Override
    public InputStream read(StoragePath p, long offset) throws Exception {
        // Shared for delete too: a REPLACE publish may rename over an object while it is being read.
        File f = share.openFile(site.path(p), EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, NOT_A_DIRECTORY);
        return SmbStreams.reading(f, offset);
    }

    /**
     * Creates the temp file, failing if the name is taken: the put removed it a moment ago, so a
     * file there now is another writer's, and must not be written through.
     */
    @Override
    public OutputStream write(StoragePath p, long size) throws Exception {
        File f;
        try {
            f = share.openFile(site.path(p), EnumSet.of(AccessMask.GENERIC_WRITE), null,
                    EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ), SMB2CreateDisposition.FILE_CREATE, NOT_A_DIRECTORY);
        } catch (SMBApiException e) {
            if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_COLLISION) {
                throw new TransientStorageException(site.description + ": another writer is using the temp name " + p
                        + " right now; nothing was written", e);
            }
            throw e;
        }
        return SmbStreams.writing(f);
    }

    @Override
    public void makeDirectory(StoragePath directory) throws Exception {
        share.mkdir(site.path(directory));
    }

    /**
     * A rename of the open temp file, which SMB lets refuse an existing target: CREATE_NEW never
     * replaces anything, REPLACE swaps atomically where the server's file system renames atomically.
     */
    @Override
    public void publish(StoragePath temp, StoragePath target, WriteMode mode) throws Exception {
        try (File f = share.openFile(site.path(temp), EnumSet.of(AccessMask.DELETE, AccessMask.FILE_READ_ATTRIBUTES),
                null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, NOT_A_DIRECTORY)) {
            f.rename(site.path(target), mode == WriteMode.REPLACE);
        } catch (SMBApiException e) {
            if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_COLLISION) {
                throw new AlreadyExistsException(site.description + ": " + target + " already exists; it was left untouched", e);
            }
            throw e;
        }
    }

    @Override
    public boolean delete(StoragePath p) throws Exception {
        try {
            share.rm(site.path(p));
            return true;
        } catch (SMBApiException e) {
            if (SmbErrors.NOT_FOUND.contains(e.getStatus())) {
                return false;
            }
            if (e.getStatus() == NtStatus.STATUS_FILE_IS_A_DIRECTORY) {
                throw new PermanentStorageException(site.description + ": " + p + " is a directory, not an object", e);
            }
            throw e;
        }
    }

    @Override
    public boolean isConnected() {
        // SMBJ closes the share of a connection it saw drop a moment before it marks the connection.
        return connection.isConnected() && share.isConnected();
    }

    /**
     * Drops the connection without logging off: on a dead or stalled link a logoff would wait the
     * whole timeout, and a closed TCP connection ends the server's session anyway.
     */
    @Override
    public void close() {
        closeQuietly(client, connection);
    }

    private static void closeQuietly(SMBClient client, Connection connection) {
        try {
            if (connection != null) {
                connection.close(true);
            }
        } catch (Exception e) {
            // the connection is being thrown away; there is nothing left to save
        } finally {
            client.close();
        }
    }
}
