package io.recsync.connector.sftp;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import java.nio.charset.StandardCharsets;

/** Proves at load time that JSch can read the private key and the passphrase opens it (exit 2, not a failed run). */
final class PrivateKeyCheck {

    private PrivateKeyCheck() {}

    static void check(Settings s, Secret key, Secret passphrase) {
        String field = s.has("privateKeyFile") ? "privateKeyFile" : "privateKey";
        KeyPair pair;
        try {
            pair = KeyPair.load(new JSch(), keyBytes(key), null);
        } catch (JSchException e) {
            throw s.error(field, "is not a private key JSch can read (" + e.getMessage() + "); OpenSSH, PEM and PuTTY"
                    + " formats of ed25519, ECDSA and RSA keys work");
        }
        try {
            if (pair.isEncrypted()) {
                if (passphrase == null) {
                    throw s.error("passphrase", "is required: the private key is encrypted (give passphrase: ${ENV_VAR}"
                            + " or passphraseFile)");
                }
                if (!pair.decrypt(passphrase.reveal().getBytes(StandardCharsets.UTF_8))) {
                    throw s.error("passphrase", "does not open the private key");
                }
            }
        } finally {
            pair.dispose();
        }
    }

    /** Key files are read stripped of their last newline; PEM readers want it back. */
    static byte[] keyBytes(Secret key) {
        return (key.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
