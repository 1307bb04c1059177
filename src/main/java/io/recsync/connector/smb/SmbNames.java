package io.recsync.connector.smb;

import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;

/**
 * Names on the wire. SMB servers refuse {@code " * : < > ? \ |} in a name
 * (STATUS_OBJECT_NAME_INVALID) and Windows drops a trailing space or period, yet a POSIX recorder
 * may well write {@code 14:03:11.wav}. Such characters travel as the Services for Macintosh
 * private-use characters U+F020..U+F029, the mapping macOS clients use and that Samba turns back
 * into the real characters on disk with {@code vfs objects = catia} or {@code fruit:encoding = native}.
 * The mapping is reversed on listing, so a name round-trips unchanged through recsync whatever the
 * server does. Names that already contain those private-use characters are refused on the way
 * out: they would be taken for encoded ones.
 */
final class SmbNames {

    private static final String RESERVED = "\"*:<>?\\|";
    private static final char FIRST_PRIVATE = '\uF020';
    private static final char TRAILING_SPACE = '\uF028';
    private static final char TRAILING_PERIOD = '\uF029';

    private SmbNames() {}

    /**
     * The share-relative SMB path of {@code p} under {@code root} ('/'-separated, already checked),
     * '\'-separated as the protocol wants it; "" for the share's top.
     */
    static String path(String root, StoragePath p) {
        StringBuilder b = new StringBuilder();
        if (!root.isEmpty()) {
            for (String segment : root.split("/")) {
                append(b, encode(segment, root));
            }
        }
        if (!p.isRoot()) {
            for (String segment : p.value().split("/")) {
                append(b, encode(segment, p.value()));
            }
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String segment) {
        if (b.length() > 0) {
            b.append('\\');
        }
        b.append(segment);
    }

    /** One name as sent to the server. */
    static String encode(String name, String whole) {
        StringBuilder b = new StringBuilder(name.length());
        int last = name.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = name.charAt(i);
            int reserved = RESERVED.indexOf(c);
            if (c >= FIRST_PRIVATE && c <= TRAILING_PERIOD) {
                throw new PathRejectedException(whole, "contains U+" + Integer.toHexString(c).toUpperCase()
                        + ", a private-use character the smb kind uses to carry characters SMB forbids in names");
            } else if (reserved >= 0) {
                b.append((char) (FIRST_PRIVATE + reserved));
            } else if (i == last && c == ' ') {
                b.append(TRAILING_SPACE);
            } else if (i == last && c == '.') {
                b.append(TRAILING_PERIOD);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A name as the server lists it, back in recsync's form; null when it cannot be one that
     * {@link #encode} produces (a trailing-only character elsewhere), so it is not reported as an object.
     */
    static String decode(String name) {
        StringBuilder b = new StringBuilder(name.length());
        int last = name.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = name.charAt(i);
            if (c >= FIRST_PRIVATE && c < TRAILING_SPACE) {
                b.append(RESERVED.charAt(c - FIRST_PRIVATE));
            } else if (c == TRAILING_SPACE || c == TRAILING_PERIOD) {
                if (i != last) {
                    return null;
                }
                b.append(c == TRAILING_SPACE ? ' ' : '.');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
