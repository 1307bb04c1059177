package io.recsync.connector.smb;

import com.hierynomus.mssmb2.SMB2Dialect;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Profile of kind {@code smb}: a directory inside a share of an SMB 2/3 server (Windows, Samba, a
 * NAS). The password arrives only as a reference ({@code ${ENV}} or {@code passwordFile}).
 *
 * @param share the share's name only, e.g. {@code recordings}
 * @param root '/'-separated directory inside the share ("" for the share's top)
 * @param domain NTLM domain; "" lets the server use its own account database or domain
 * @param dialects what the client offers, in no particular order; the server picks one
 * @param signing require every message to be signed (a copy then cannot be altered in transit)
 * @param encryption encrypt every message (SMB 3); shares with {@code smb encrypt = required} need it
 * @param timeout connect timeout and how long one request waits for its answer
 * @param maxConnections TCP connections (each with its own login) parallel transfers may use
 */
public record SmbSettings(String host, int port, String share, String root, String domain, String username,
        Secret password, Set<SMB2Dialect> dialects, boolean signing, boolean encryption, Duration timeout,
        int maxConnections) {

    static final int DEFAULT_PORT = 445;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_CONNECTIONS = 4;
    /** What SMBJ offers by default; listed here so a profile can name them. */
    static final Set<SMB2Dialect> KNOWN_DIALECTS = EnumSet.of(SMB2Dialect.SMB_2_0_2, SMB2Dialect.SMB_2_1,
            SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_1_1);

    public static SmbSettings from(Settings s) {
        s.optionalString("type", "smb");
        // Required fields are checked after finish(): a misspelt key is then reported as unknown,
        // which names the typo, rather than as the correct key missing.
        String host = s.optionalString("host", "").trim();
        int port = s.optionalInt("port", DEFAULT_PORT, 1, 65535);
        String share = s.optionalString("share", "").trim();
        String root = root(s);
        String domain = s.optionalString("domain", "").trim();
        String username = s.optionalString("username", "").trim();
        Secret password = s.optionalSecret("password");
        Set<SMB2Dialect> dialects = dialects(s);
        boolean signing = s.optionalBoolean("signing", true);
        boolean encryption = s.optionalBoolean("encryption", false);
        Duration timeout = s.optionalTimeout("timeout", DEFAULT_TIMEOUT);
        int maxConnections = s.optionalInt("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 64);
        s.finish();

        host = host(s, host);
        share = share(s, share);
        if (username.isEmpty()) {
            throw s.error("username", "is required");
        }
        if (password == null) {
            throw s.error("password", "is required: give password: ${ENV_VAR} or passwordFile: /path/to/file");
        }
        if (encryption && dialects.stream().noneMatch(SMB2Dialect::isSmb3x)) {
            throw s.error("encryption", "needs SMB 3: add SMB_3_0, SMB_3_0_2 or SMB_3_1_1 to 'dialects'");
        }
        return new SmbSettings(host, port, share, root, domain, username, password, dialects, signing, encryption,
                timeout, maxConnections);
    }

    private static String host(Settings s, String host) {
        if (host.isEmpty()) {
            throw s.error("host", "is required");
        }
        if (host.contains("/") || host.contains("\\")) {
            throw s.error("host", "must be the server's name or address only (e.g. nas.example.net); put the share"
                    + " name in 'share' and the directory inside it in 'root'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 address as written in URLs
        }
        return host;
    }

    private static String share(Settings s, String share) {
        if (share.isEmpty()) {
            throw s.error("share", "is required: the share's name, as in \\\\server\\share");
        }
        if (share.contains("/") || share.contains("\\")) {
            throw s.error("share", "must be the share's name only (e.g. recordings, as in \\\\server\\recordings);"
                    + " put the directory inside the share in 'root'");
        }
        return share;
    }

    /** Accepts '/' or '\' (operators copy Windows paths) and keeps '/'; no '.' or '..' segments. */
    private static String root(Settings s) {
        String raw = s.optionalString("root", "").trim();
        List<String> segments = new ArrayList<>();
        for (String segment : raw.replace('\\', '/').split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw s.error("root", "must not contain '.' or '..' segments");
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    private static Set<SMB2Dialect> dialects(Settings s) {
        List<String> names = s.optionalStringList("dialects");
        if (names.isEmpty()) {
            return EnumSet.copyOf(KNOWN_DIALECTS);
        }
        Set<SMB2Dialect> out = EnumSet.noneOf(SMB2Dialect.class);
        for (String name : names) {
            out.add(dialect(s, name));
        }
        return out;
    }

    private static SMB2Dialect dialect(Settings s, String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT).replace('.', '_');
        for (SMB2Dialect d : KNOWN_DIALECTS) {
            if (d.name().equals(wanted) || d.name().equals("SMB_" + wanted)) {
                return d;
            }
        }
        throw s.error("dialects", "has '" + name + "', which is not one of " + KNOWN_DIALECTS
                + " (3.1.1 and SMB_3_1_1 are both accepted)");
    }

    /** How the site shows in messages and reports: {@code smb://host:port/share/root}, no secrets. */
    public String describe() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "smb://" + h + ":" + port + "/" + share + (root.isEmpty() ? "" : "/" + root);
    }

    /** Secret-free, so a settings object that lands in a log shows nothing it should not. */
    @Override
    public String toString() {
        return "SmbSettings[" + describe() + ", domain=" + domain + ", username=" + username + ", dialects=" + dialects
                + ", signing=" + signing + ", encryption=" + encryption + ", timeout=" + timeout + ", maxConnections="
                + maxConnections + "]";
    }
}
