package io.recsync.connector.smb;

import static io.recsync.connector.Causes.find;
import static io.recsync.connector.Causes.rootMessage;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.NoSpaceException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StorageException;
import io.recsync.connector.TransientStorageException;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Typed errors from what SMBJ throws: the NT status of a server's answer where there is one, the
 * exception type along the cause chain otherwise (a dropped or stalled connection). SMBJ never puts
 * the password into its messages, and neither do these.
 */
final class SmbErrors {

    static final Set<NtStatus> NOT_FOUND = EnumSet.of(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
            NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, NtStatus.STATUS_NO_SUCH_FILE, NtStatus.STATUS_NOT_FOUND,
            NtStatus.STATUS_NOT_A_DIRECTORY, NtStatus.STATUS_FILE_DELETED);
    private static final Set<NtStatus> DENIED = EnumSet.of(NtStatus.STATUS_ACCESS_DENIED,
            NtStatus.STATUS_PRIVILEGE_NOT_HELD, NtStatus.STATUS_CANNOT_DELETE);
    private static final Set<NtStatus> LOGIN = EnumSet.of(NtStatus.STATUS_LOGON_FAILURE,
            NtStatus.STATUS_PASSWORD_EXPIRED, NtStatus.STATUS_ACCOUNT_DISABLED, NtStatus.STATUS_LOGON_TYPE_NOT_GRANTED);
    /** The session, the connection or the server's patience is gone, or another client holds the file for now. */
    private static final Set<NtStatus> TRANSIENT = EnumSet.of(NtStatus.STATUS_NETWORK_NAME_DELETED,
            NtStatus.STATUS_USER_SESSION_DELETED, NtStatus.STATUS_NETWORK_SESSION_EXPIRED,
            NtStatus.STATUS_CONNECTION_DISCONNECTED, NtStatus.STATUS_CONNECTION_RESET, NtStatus.STATUS_IO_TIMEOUT,
            NtStatus.STATUS_TIMEOUT, NtStatus.STATUS_CANCELLED, NtStatus.STATUS_INSUFF_SERVER_RESOURCES,
            NtStatus.STATUS_INSUFFICIENT_RESOURCES, NtStatus.STATUS_SHARING_VIOLATION,
            NtStatus.STATUS_FILE_LOCK_CONFLICT, NtStatus.STATUS_LOCK_NOT_GRANTED, NtStatus.STATUS_DELETE_PENDING,
            NtStatus.STATUS_RETRY, NtStatus.STATUS_REQUEST_NOT_ACCEPTED, NtStatus.STATUS_TOO_MANY_OPENED_FILES,
            NtStatus.STATUS_VOLUME_DISMOUNTED);

    private SmbErrors() {}

    static StorageException translate(Exception e, String site, String action, String path) {
        String what = site + ": cannot " + action + " " + path + ": ";
        StorageException typed = find(e, StorageException.class);
        if (typed != null) {
            return typed;
        }
        SMBApiException api = find(e, SMBApiException.class);
        if (api != null) {
            return fromStatus(api, what);
        }
        if (find(e, SMBRuntimeException.class) != null || find(e, IOException.class) != null
                || find(e, TimeoutException.class) != null || find(e, InterruptedException.class) != null) {
            // No server answer behind it: a reset, a refused connect, a stall (TransportException is an
            // IOException), or SMBJ closing the session and share of a connection it saw drop
            // ("DiskShare has already been closed"). A fresh connection may well succeed.
            return new TransientStorageException(what + "connection problem (" + rootMessage(e) + ")", e);
        }
        return new PermanentStorageException(what + rootMessage(e), e);
    }

    private static StorageException fromStatus(SMBApiException e, String what) {
        NtStatus s = e.getStatus();
        String status = statusName(e);
        if (NOT_FOUND.contains(s)) {
            return new NotFoundException(what + "not found (" + status + ")", e);
        }
        if (s == NtStatus.STATUS_OBJECT_NAME_COLLISION) {
            return new AlreadyExistsException(what + "the name is taken (" + status + ")", e);
        }
        if (DENIED.contains(s) || LOGIN.contains(s)) {
            return new AccessDeniedException(what + "access denied (" + status + "); check 'username', the password"
                    + " the profile refers to, and the user's permissions on the share and this directory", e);
        }
        if (s == NtStatus.STATUS_DISK_FULL) {
            return new NoSpaceException(what + "the share's disk is full or the user's quota is used up ("
                    + status + ")", e);
        }
        if (s == NtStatus.STATUS_OBJECT_NAME_INVALID || s == NtStatus.STATUS_NAME_TOO_LONG) {
            return new PermanentStorageException(what + "the server refuses this name (" + status + ")", e);
        }
        if (TRANSIENT.contains(s)) {
            return new TransientStorageException(what + "try again later (" + status + ")", e);
        }
        return new PermanentStorageException(what + "the server answered " + status, e);
    }

    /** Login refused: names user, domain, host and port; says what to check; never the password. */
    static AccessDeniedException loginFailed(SmbSettings s, String site, SMBApiException e) {
        String domain = s.domain().isEmpty() ? "" : " in domain '" + s.domain() + "'";
        return new AccessDeniedException(site + ": login as '" + s.username() + "'" + domain + " at " + s.host() + ":"
                + s.port() + " failed (" + statusName(e) + "); check 'username', 'domain' and the password the profile"
                + " refers to (password: ${ENV_VAR} or passwordFile), and that the account is enabled on the server", e);
    }

    /** A server that logged us in as guest did not accept these credentials, whatever it says. */
    static AccessDeniedException guestLogin(SmbSettings s, String site) {
        return new AccessDeniedException(site + ": the server logged '" + s.username() + "' in as a guest, which means"
                + " it did not accept the credentials (Samba: map to guest = bad user); recsync does not write"
                + " recordings as a guest. Check 'username', 'domain' and the password the profile refers to");
    }

    /** Connecting to the share failed; the common causes are spelled out. */
    static StorageException shareFailed(SmbSettings s, String site, SMBApiException e) {
        String where = site + ": cannot use share '" + s.share() + "' on " + s.host() + ":" + s.port() + ": ";
        NtStatus status = e.getStatus();
        if (status == NtStatus.STATUS_BAD_NETWORK_NAME || status == NtStatus.STATUS_BAD_NETWORK_PATH) {
            return new PermanentStorageException(where + "the server has no share of that name (" + statusName(e)
                    + "); check 'share' (the share's name only, as in \\\\server\\share; the directory inside it goes"
                    + " in 'root')", e);
        }
        if (DENIED.contains(status)) {
            String why = s.encryption()
                    ? "user '" + s.username() + "' may not use this share; check the share's permissions (valid users)"
                    : "user '" + s.username() + "' may not use this share, or the share requires encryption (Samba:"
                            + " smb encrypt = required; Windows: EncryptData), which needs 'encryption: true' in the"
                            + " profile; check which applies";
            return new AccessDeniedException(where + why + " (" + statusName(e) + ")", e);
        }
        return translate(e, site, "connect to share", s.share());
    }

    /** {@code STATUS_ACCESS_DENIED}, or the hex code for statuses SMBJ has no name for. */
    private static String statusName(SMBApiException e) {
        NtStatus s = e.getStatus();
        return s == null || s == NtStatus.STATUS_OTHER ? String.format("NT status 0x%08x", e.getStatusCode()) : s.name();
    }
}
