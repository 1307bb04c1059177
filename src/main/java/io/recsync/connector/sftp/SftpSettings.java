package io.recsync.connector.sftp;

import io.recsync.config.Secret;
import io.recsync.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Profile of kind {@code sftp}. Secrets arrive only as references ({@code ${ENV}} or a
 * {@code <field>File}); a literal password or key in the YAML is refused by {@link Settings}.
 *
 * @param privateKey the private key's text ({@code privateKeyFile: path}, or {@code privateKey: ${ENV}})
 * @param privateKeySource how the profile gave the key, for messages (never the key itself)
 * @param root absolute directory on the server, or relative to the login directory with {@code userDirIsRoot}
 * @param hostKeyFingerprints pinned host keys, {@code SHA256:...} as {@code ssh-keygen -lf} prints them
 * @param maxSessions SSH connections parallel transfers may use; each is reused for the whole run
 */
public record SftpSettings(String host, int port, String username, Secret privateKey, String privateKeySource,
        Secret passphrase, Secret password, String root, boolean userDirIsRoot, Path knownHostsFile,
        List<String> hostKeyFingerprints, boolean strictHostKeyChecking, Duration connectTimeout, Duration readTimeout,
        Duration keepAlive, int maxSessions) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_SESSIONS = 4;

    public static SftpSettings from(Settings s) {
        s.optionalString("type", "sftp");
        String host = s.requireString("host").trim();
        int port = s.optionalInt("port", 22, 1, 65535);
        String username = s.requireString("username").trim();
        Secret privateKey = s.optionalSecret("privateKey");
        String keySource = s.has("privateKeyFile") ? "privateKeyFile " + s.optionalString("privateKeyFile", "")
                : "privateKey";
        Secret passphrase = s.optionalSecret("passphrase");
        Secret password = s.optionalSecret("password");
        boolean userDirIsRoot = s.optionalBoolean("userDirIsRoot", false);
        String root = root(s, userDirIsRoot);
        Path knownHosts = s.optionalPath("knownHostsFile");
        List<String> pins = s.optionalStringList("hostKeyFingerprint").stream()
                .map(p -> HostKeyVerifier.normalizeFingerprint(p, s))
                .toList();
        boolean strict = s.optionalBoolean("strictHostKeyChecking", true);
        Duration connect = s.optionalTimeout("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        Duration read = s.optionalTimeout("readTimeout", DEFAULT_READ_TIMEOUT);
        Duration keepAlive = s.optionalTimeout("keepAlive", DEFAULT_KEEP_ALIVE);
        int maxSessions = s.optionalInt("maxSessions", DEFAULT_MAX_SESSIONS, 1, 64);
        s.finish();

        if (privateKey == null && password == null) {
            throw s.error("privateKeyFile", "or 'password' is required: give privateKeyFile: /path/to/key (with"
                    + " passphrase: ${ENV_VAR} if it is encrypted) or password: ${ENV_VAR}");
        }
        if (passphrase != null && privateKey == null) {
            throw s.error("passphrase", "is given without 'privateKeyFile'");
        }
        if (privateKey != null) {
            PrivateKeyCheck.check(s, privateKey, passphrase);
        }
        if (knownHosts != null && !Files.isReadable(knownHosts)) {
            throw s.error("knownHostsFile", "names " + knownHosts + ", which cannot be read");
        }
        if (strict && knownHosts == null && pins.isEmpty()) {
            throw s.error("hostKeyFingerprint", "or 'knownHostsFile' is required while strictHostKeyChecking is on:"
                    + " recsync must know which server key to trust. Read the fingerprint on the server (ssh-keygen -lf"
                    + " /etc/ssh/ssh_host_ed25519_key.pub) or with: ssh-keyscan -p " + port + " " + host
                    + " | ssh-keygen -lf -  and pin it: hostKeyFingerprint: \"SHA256:...\"");
        }
        return new SftpSettings(host, port, username, privateKey, privateKey == null ? null : keySource, passphrase,
                password, root, userDirIsRoot, knownHosts, pins, strict, connect, read, keepAlive, maxSessions);
    }

    private static String root(Settings s, boolean userDirIsRoot) {
        String root = userDirIsRoot ? s.optionalString("root", "").trim() : s.requireString("root").trim();
        if (!userDirIsRoot && !root.startsWith("/")) {
            throw s.error("root", "must be an absolute path on the server (e.g. /srv/recordings); for a path"
                    + " relative to the login directory set userDirIsRoot: true");
        }
        if (userDirIsRoot && root.startsWith("/")) {
            throw s.error("root", "is absolute, but userDirIsRoot: true makes it relative to the login directory;"
                    + " drop the leading '/' or set userDirIsRoot: false");
        }
        for (String segment : root.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw s.error("root", "must not contain '.' or '..' segments");
            }
        }
        while (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root;
    }


    /** On every run, not once: an unverified server is a standing risk someone must see. */
    public List<String> warnings() {
        if (!strictHostKeyChecking) {
            return List.of(describe() + ": strictHostKeyChecking is false, so any server answering at " + host + ":"
                    + port + " is trusted, including an impostor. Pin the server's key (hostKeyFingerprint) or give"
                    + " knownHostsFile and remove 'strictHostKeyChecking: false'.");
        }
        return List.of();
    }

    /** How the site shows in messages and reports: {@code sftp://user@host:port/root}, no secrets. */
    public String describe() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        String path = userDirIsRoot ? "/~" + (root.isEmpty() ? "" : "/" + root) : root;
        return "sftp://" + username + "@" + h + ":" + port + path;
    }
}
