package io.recsync.connector.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import io.recsync.config.Settings;
import io.recsync.connector.Sha256;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether the key a server offers is trusted: a pinned {@code SHA256:} fingerprint, or the
 * operator's known_hosts file, and nothing else. It remembers what was offered, so a rejection can
 * show the operator the fingerprint to check and pin. It never writes to known_hosts. One instance
 * per connection attempt.
 */
final class HostKeyVerifier implements HostKeyRepository {

    private static final Pattern SHA256_FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private final List<String> pins;
    private final boolean useKnownHosts;
    private HostKeyRepository knownHosts;
    private volatile String offeredType;
    private volatile String offeredFingerprint;

    HostKeyVerifier(List<String> pins, boolean useKnownHosts) {
        this.pins = List.copyOf(pins);
        this.useKnownHosts = useKnownHosts;
    }

    /**
     * Commons VFS gives no way to set a JSch host key repository; its identity repository hook is the
     * one place it hands over the JSch instance before connecting (after loading knownHostsFile into
     * it), so that is where this verifier takes over. The identity repository itself is unchanged.
     */
    IdentityRepository install(JSch jsch) {
        if (useKnownHosts) {
            knownHosts = jsch.getHostKeyRepository();
        }
        jsch.setHostKeyRepository(this);
        return jsch.getIdentityRepository();
    }

    @Override
    public int check(String host, byte[] key) {
        offeredFingerprint = fingerprint(key);
        offeredType = typeOf(host, key);
        if (pins.contains(offeredFingerprint)) {
            return OK;
        }
        int known = knownHosts == null ? NOT_INCLUDED : knownHosts.check(host, key);
        if (known == OK) {
            return OK;
        }
        // A pin or a known_hosts line for this host that does not match is a changed key, not a new one.
        return known == CHANGED || !pins.isEmpty() ? CHANGED : NOT_INCLUDED;
    }

    /** What the server offered in the last check, e.g. {@code ssh-ed25519 SHA256:...}; null before any. */
    String offered() {
        return offeredFingerprint == null ? null : offeredType + " key " + offeredFingerprint;
    }

    String offeredFingerprint() {
        return offeredFingerprint;
    }

    /** The fingerprint as {@code ssh-keygen -lf} prints it: SHA-256 of the key blob, base64 without padding. */
    static String fingerprint(byte[] keyBlob) {
        byte[] digest = Sha256.newDigest().digest(keyBlob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    static String normalizeFingerprint(String raw, Settings s) {
        String v = raw.trim();
        if (v.regionMatches(true, 0, "SHA256:", 0, 7)) {
            v = "SHA256:" + v.substring(7);
        }
        while (v.endsWith("=")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!SHA256_FINGERPRINT.matcher(v).matches()) {
            throw s.error("hostKeyFingerprint", "must be a SHA256 fingerprint as 'ssh-keygen -lf' prints it"
                    + " (SHA256: and 43 base64 characters), got '" + raw + "'");
        }
        return v;
    }

    private static String typeOf(String host, byte[] key) {
        try {
            return new HostKey(host, key).getType();
        } catch (JSchException e) {
            return "unknown-type";
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Trust is the operator's decision, written by them: nothing is learned or saved here.
    }

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts == null ? "hostKeyFingerprint" : knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey(host, type);
    }
}
