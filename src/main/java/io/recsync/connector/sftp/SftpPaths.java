package io.recsync.connector.sftp;

import io.recsync.connector.StoragePath;

/** Server paths for JSch, which treats '*' and '?' in most paths as glob patterns. */
final class SftpPaths {

    private SftpPaths() {}

    /** {@code base} joined with a site-relative path; {@code base} is absolute, without a trailing '/'. */
    static String join(String base, StoragePath p) {
        if (p.isRoot()) {
            return base;
        }
        return base.equals("/") ? "/" + p.value() : base + "/" + p.value();
    }

    /**
     * For JSch calls that glob (stat, lstat, ls, get, put, rm, rename, hardlink, statVFS): a file
     * named {@code rec?.wav} must never match {@code rec1.wav}. JSch unquotes backslash escapes.
     * mkdir and realpath take the path as it is.
     */
    static String quoted(String path) {
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c == '*' || c == '?') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Whether {@code real} is {@code root} or lies below it (both canonical, absolute). */
    static boolean inside(String real, String root) {
        if (real.equals(root) || root.equals("/")) {
            return true;
        }
        return real.startsWith(root + "/");
    }
}
