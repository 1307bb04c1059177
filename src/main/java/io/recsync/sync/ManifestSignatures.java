package io.recsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.connector.Connector;
import io.recsync.connector.NotFoundException;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.ManifestSegments;
import io.recsync.store.LedgerKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Detached signatures of manifest segments (README "Evidence" > "Signed manifests"): beside every
 * segment {@code S} recsync publishes, {@code S.sig}, a JSON object naming the segment's file name,
 * SHA-256 and size, the job and ledger seq it belongs to, and the Ed25519 signature of
 * {@link #statement}. A recorder signs its own manifest the same way (job and seq left empty).
 */
public final class ManifestSignatures {

    public static final String SUFFIX = ".sig";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What checking one segment found. */
    public enum Verdict {
        OK, UNSIGNED, BAD_SIGNATURE, ALTERED
    }

    public record Check(String segment, Verdict verdict, Long ledgerSeq, String detail) {}

    private ManifestSignatures() {}

    /** The signed message: UTF-8 bytes of these lines, each ending in "\n"; absent values empty. */
    public static String statement(String segmentName, String sha256, long size, String job, Long ledgerSeq) {
        return "recsync-manifest-signature-v1\nsegment=" + segmentName + "\nsha256=" + sha256 + "\nsize=" + size
                + "\njob=" + (job == null ? "" : job) + "\nledgerSeq=" + (ledgerSeq == null ? "" : ledgerSeq) + "\n";
    }

    public static byte[] signatureFile(String segmentName, String sha256, long size, String job, Long ledgerSeq,
            PrivateKey key) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "recsync-manifest-signature-v1");
        n.put("segment", segmentName);
        n.put("sha256", sha256);
        n.put("size", size);
        if (job == null) {
            n.putNull("job");
        } else {
            n.put("job", job);
        }
        if (ledgerSeq == null) {
            n.putNull("ledgerSeq");
        } else {
            n.put("ledgerSeq", ledgerSeq);
        }
        n.put("algorithm", LedgerKeys.ALGORITHM);
        n.put("signature", LedgerKeys.sign(key, statement(segmentName, sha256, size, job, ledgerSeq)));
        return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Puts {@code segment}'s signature beside it (create-only). */
    static void sign(Connector c, StoragePath segment, String sha256, long size, String job, Long ledgerSeq,
            PrivateKey key) {
        EvidenceLedger.putCreateOnly(c, segment.parent().resolve(segment.name() + SUFFIX),
                signatureFile(segment.name(), sha256, size, job, ledgerSeq, key));
    }

    /**
     * Checks every segment under the site's {@code .recsync/manifest/} against its signature.
     *
     * @param key the public key; null checks only that segments are unaltered against their files
     */
    public static List<Check> verify(Connector c, PublicKey key) {
        List<StoragePath> segments = new ArrayList<>();
        java.util.Set<String> sigs = new java.util.HashSet<>();
        try (Stream<ObjectInfo> s = c.walk(ManifestSegments.DIRECTORY)) {
            s.forEach(o -> {
                if (ManifestSegments.isSegment(o.path())) {
                    segments.add(o.path());
                } else if (o.path().name().endsWith(SUFFIX)) {
                    sigs.add(o.path().name());
                }
            });
        } catch (NotFoundException e) {
            return List.of();
        }
        segments.sort(java.util.Comparator.comparing(StoragePath::value));
        List<Check> out = new ArrayList<>();
        for (StoragePath seg : segments) {
            out.add(check(c, seg, sigs.contains(seg.name() + SUFFIX), key));
        }
        return out;
    }

    private static Check check(Connector c, StoragePath seg, boolean hasSig, PublicKey key) {
        String name = seg.name();
        if (!hasSig) {
            return new Check(name, Verdict.UNSIGNED, null, "no " + name + SUFFIX + " beside it");
        }
        JsonNode sig;
        try (InputStream in = c.open(seg.parent().resolve(name + SUFFIX))) {
            sig = JSON.readTree(in);
        } catch (IOException e) {
            return new Check(name, Verdict.BAD_SIGNATURE, null, name + SUFFIX + " is not JSON");
        }
        String sha;
        long size;
        try (InputStream in = c.open(seg)) {
            var h = Sha256.of(in);
            sha = h.sha256();
            size = h.size();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + seg, e);
        }
        Long seq = sig.hasNonNull("ledgerSeq") ? sig.get("ledgerSeq").asLong() : null;
        String job = sig.hasNonNull("job") ? sig.get("job").asText() : null;
        if (!name.equals(sig.path("segment").asText()) || !sha.equals(sig.path("sha256").asText())
                || size != sig.path("size").asLong(-1)) {
            return new Check(name, Verdict.ALTERED, seq, "the segment's bytes (sha256 " + sha + ", " + size
                    + " bytes) are not the ones signed (sha256 " + sig.path("sha256").asText() + ", "
                    + sig.path("size").asText() + " bytes): changed after it was written");
        }
        if (key == null) {
            return new Check(name, Verdict.BAD_SIGNATURE, seq, "no public key to check the signature with: give"
                    + " --public-key FILE or ledger.publicKeyFile in the job");
        }
        String signature = sig.hasNonNull("signature") ? sig.get("signature").asText() : null;
        if (!LedgerKeys.verify(key, statement(name, sha, size, job, seq), signature)) {
            return new Check(name, Verdict.BAD_SIGNATURE, seq, "the signature does not verify with the public key");
        }
        return new Check(name, Verdict.OK, seq, null);
    }
}
