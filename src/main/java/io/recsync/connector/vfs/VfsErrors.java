package io.recsync.connector.vfs;

import io.recsync.connector.AccessDeniedException;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.NoSpaceException;
import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.StorageException;
import io.recsync.connector.TransientStorageException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import org.apache.commons.vfs2.FileSystemException;

/** Typed errors for the generic kind, found by the exception types along the cause chain. */
final class VfsErrors {

    private VfsErrors() {}

    static StorageException translate(Exception e, String site, String action, String path) {
        String what = site + ": cannot " + action + " " + path + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException se) {
                return se;
            }
            if (t instanceof NoSuchFileException || t instanceof FileNotFoundException
                    || t instanceof org.apache.commons.vfs2.FileNotFoundException) {
                return new NotFoundException(what + "not found", e);
            }
            if (t instanceof java.nio.file.AccessDeniedException || isCode(t, "read-only") || isCode(t, "not-readable")
                    || contains(t, "permission denied")) {
                return new AccessDeniedException(what + "permission denied (" + describe(t) + ")", e);
            }
            if (contains(t, "no space left") || contains(t, "quota exceeded")) {
                return new NoSpaceException(what + "the disk is full (" + describe(t) + ")", e);
            }
            if (t instanceof SocketException || t instanceof InterruptedIOException || t instanceof EOFException
                    || t instanceof UnknownHostException) {
                return new TransientStorageException(what + "connection problem (" + describe(t) + ")", e);
            }
        }
        return new PermanentStorageException(what + describe(e), e);
    }

    private static boolean isCode(Throwable t, String fragment) {
        return t instanceof FileSystemException f && f.getCode() != null && f.getCode().contains(fragment);
    }

    private static boolean contains(Throwable t, String fragment) {
        return t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(fragment);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
