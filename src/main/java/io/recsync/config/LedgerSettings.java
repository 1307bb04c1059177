package io.recsync.config;

import java.nio.file.Path;

/**
 * The job's {@code ledger:} block (README "Evidence"): the Ed25519 key that signs the ledger's head
 * and the manifest segments, given by reference like every secret ({@code signingKeyFile: path} or
 * {@code signingKey: ${ENV}}), and the public key that checks them. Without a signing key the chain
 * is still kept; heads and segments are then unsigned, and `ledger verify` says so.
 *
 * @param signingKey the PKCS#8 PEM private key, or null
 * @param signingKeySource where it came from, for messages (file and field), never the key
 * @param publicKey the X.509 PEM public key file, or null
 */
public record LedgerSettings(Secret signingKey, String signingKeySource, Path publicKey) {

    public static final LedgerSettings NONE = new LedgerSettings(null, null, null);

    public boolean signs() {
        return signingKey != null;
    }

    static LedgerSettings parse(Settings l) {
        KnownFields.check(l, "signingKey", "signingKeyFile", "publicKeyFile");
        String source = l.source() + ": " + (l.has("signingKeyFile") ? "signingKeyFile" : "signingKey");
        Secret key = l.optionalSecret("signingKey");
        Path pub = l.optionalPath("publicKeyFile");
        l.finish();
        if (key != null && !key.reveal().contains("PRIVATE KEY")) {
            throw l.error(l.has("signingKeyFile") ? "signingKeyFile" : "signingKey", "is not a PEM private key (expected"
                    + " '-----BEGIN PRIVATE KEY-----'); create one with `recsync ledger keygen --out DIR`");
        }
        return key == null && pub == null ? NONE : new LedgerSettings(key, source, pub);
    }
}
