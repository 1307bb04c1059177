package io.recsync.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the PEM forms OpenSSL reads and writes (PKCS#8 private, X.509 SubjectPublicKeyInfo
 * public), and signatures with the JDK's own provider. A signature is the 64 raw Ed25519 bytes,
 * base64 in the files recsync writes.
 */
public final class LedgerKeys {

    public static final String ALGORITHM = "Ed25519";

    private LedgerKeys() {}

    /** A new key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code ledger-signing.pem} (private, mode 0600) and {@code ledger-public.pem} into
     * {@code dir}; refuses to overwrite either.
     *
     * @return the two paths, private first
     */
    public static Path[] writePair(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve("ledger-signing.pem");
        Path pub = dir.resolve("ledger-public.pem");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p)) {
                throw new java.nio.file.FileAlreadyExistsException(p + " exists; recsync does not overwrite a key:"
                        + " move it away or give another --out");
            }
        }
        KeyPair kp = generate();
        try {
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(priv);
        }
        Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return new Path[] {priv, pub};
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type, String what) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(what + " is not a PEM " + type + " (expected '" + begin + "'; create one"
                    + " with `recsync ledger keygen --out DIR`)");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }

    /** @param what names the source in a message (a file and field), never the key */
    public static PrivateKey privateKey(String pem, String what) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY", what)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not an Ed25519 PKCS#8 private key (create one with"
                    + " `recsync ledger keygen --out DIR`)", e);
        }
    }

    public static PublicKey publicKey(String pem, String what) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY", what)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not an Ed25519 X.509 public key (the ledger-public.pem of"
                    + " `recsync ledger keygen`)", e);
        }
    }

    public static PublicKey readPublicKey(Path file) {
        try {
            return publicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read public key " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code key}'s signature of the statement's UTF-8 bytes, base64. */
    public static String sign(PrivateKey key, String statement) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature of {@code statement}; false for a malformed one. */
    public static boolean verify(PublicKey key, String statement, String signatureBase64) {
        if (signatureBase64 == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
