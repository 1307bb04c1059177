package io.recsync.connector.vfs;

import io.recsync.config.ConfigException;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import java.util.Locale;

/**
 * Profile of kind {@code vfs}: any store a Commons VFS provider on the classpath can reach.
 *
 * @param uri the store, e.g. {@code ftp://nas.example:21/}; never with a password in it
 * @param root directory under the URI's path that is the site root ("" for the URI itself)
 * @param username login name, when the provider needs one
 * @param password secret reference ({@code ${ENV}} or {@code passwordFile})
 * @param maxSessions how many connections parallel transfers may use
 */
public record VfsSettings(String uri, String root, String username, Secret password, int maxSessions) {

    static final int DEFAULT_MAX_SESSIONS = 4;

    public static VfsSettings from(Settings s) {
        s.optionalString("type", "vfs");
        String uri = s.requireString("uri").trim();
        int schemeEnd = uri.indexOf(':');
        if (schemeEnd < 1) {
            throw s.error("uri", "must start with a scheme, e.g. ftp://host/ or file:///srv/recordings");
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (scheme.equals("sftp")) {
            throw s.error("uri", "is an sftp:// URI: use 'type: sftp', which checks the server's host key and pools"
                    + " sessions (see README, connector kinds)");
        }
        String userInfo = userInfo(uri);
        if (userInfo != null && userInfo.contains(":")) {
            throw s.error("uri", "carries a password; remove it from the URI and give 'username' and 'password: ${ENV_VAR}'"
                    + " (or 'passwordFile') instead");
        }
        String root = s.optionalString("root", "").trim();
        if (root.contains("..")) {
            throw s.error("root", "must not contain '..'");
        }
        String username = s.optionalString("username", null);
        Secret password = s.optionalSecret("password");
        if (password != null && username == null && userInfo == null) {
            throw s.error("password", "is given without 'username'");
        }
        int maxSessions = s.optionalInt("maxSessions", DEFAULT_MAX_SESSIONS, 1, 64);
        s.finish();
        return new VfsSettings(uri, root, username, password, maxSessions);
    }

    public String scheme() {
        return uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    /** The URI of the site root: {@link #uri} with {@link #root} appended. */
    public String rootUri() {
        if (root.isEmpty()) {
            return uri;
        }
        String base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return base + (root.startsWith("/") ? root : "/" + root);
    }

    private static String userInfo(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return null;
        }
        int end = uri.indexOf('/', start + 3);
        String authority = end < 0 ? uri.substring(start + 3) : uri.substring(start + 3, end);
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    static ConfigException unknownScheme(Settings s, String scheme, String[] known) {
        return s.error("uri", "uses scheme '" + scheme + "', for which no Commons VFS provider is on the classpath;"
                + " available: " + String.join(", ", known));
    }
}
