package io.recsync.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The byte encodings the ledger hashes and signs, documented in the README ("Evidence") so that an
 * auditor can recompute them without recsync:
 *
 * <pre>
 * entry hash = lower-case hex SHA-256 of the UTF-8 bytes of
 *   "recsync-ledger-v1\n" job "\n" seq "\n" prevHash "\n" kind "\n" recordingId "\n" site "\n"
 *   path "\n" sha256 "\n" size "\n" run "\n" at "\n" detail "\n"
 * </pre>
 *
 * with numbers in decimal, {@code at} as ISO-8601 UTC with exactly three fraction digits
 * ({@code 2026-12-06T18:20:01.123Z}), and an absent field as the empty string. No field can hold a
 * line break (paths, job and site names refuse control characters; a detail has them replaced by a
 * space). The first entry's prevHash is 64 zeros.
 */
public final class LedgerCodec {

    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private LedgerCodec() {}

    /** The canonical text of an entry, whose SHA-256 is its hash. */
    public static String canonical(LedgerEntry e) {
        StringBuilder b = new StringBuilder("recsync-ledger-v1\n");
        field(b, e.job());
        field(b, Long.toString(e.seq()));
        field(b, e.prevHash());
        field(b, e.kind() == null ? null : e.kind().name());
        field(b, e.recordingId() == null ? null : e.recordingId().toString());
        field(b, e.site());
        field(b, e.path());
        field(b, e.sha256());
        field(b, e.size() == null ? null : e.size().toString());
        field(b, Long.toString(e.run()));
        field(b, at(e.at()));
        field(b, e.detail());
        return b.toString();
    }

    private static void field(StringBuilder b, String v) {
        b.append(v == null ? "" : v).append('\n');
    }

    public static String at(Instant i) {
        return i == null ? "" : AT.format(i);
    }

    /** An instant as the ledger keeps it: milliseconds. */
    public static Instant truncate(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A detail with no line break in it. */
    public static String oneLine(String s) {
        return s == null ? null : s.replaceAll("[\\r\\n\\t\\x00-\\x1f]", " ");
    }

    /** The hash the entry must carry: SHA-256 over its canonical text. */
    public static String hashOf(LedgerEntry e) {
        return sha256Hex(canonical(e).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message a head's signature signs. */
    public static String headStatement(String job, long seq, String hash) {
        return "recsync-ledger-head-v1\njob=" + job + "\nseq=" + seq + "\nhash=" + hash + "\n";
    }

    /** One JSON line of a site's ledger file (no trailing newline). */
    public static String toJsonLine(LedgerEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", e.job());
        n.put("seq", e.seq());
        n.put("prev", e.prevHash());
        n.put("kind", e.kind().name());
        putOrNull(n, "recording", e.recordingId() == null ? null : e.recordingId().toString());
        putOrNull(n, "site", e.site());
        putOrNull(n, "path", e.path());
        putOrNull(n, "sha256", e.sha256());
        if (e.size() == null) {
            n.putNull("size");
        } else {
            n.put("size", e.size());
        }
        n.put("run", e.run());
        n.put("at", at(e.at()));
        putOrNull(n, "detail", e.detail());
        n.put("hash", e.hash());
        return n.toString();
    }

    private static void putOrNull(ObjectNode n, String k, String v) {
        if (v == null) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    /**
     * Reads one line of a site's ledger file.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static LedgerEntry fromJsonLine(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            String kind = text(n, "kind");
            String rec = text(n, "recording");
            return new LedgerEntry(text(n, "job"), n.path("seq").asLong(-1), text(n, "prev"),
                    kind == null ? null : LedgerEntry.Kind.valueOf(kind), rec == null ? null : UUID.fromString(rec),
                    text(n, "site"), text(n, "path"), text(n, "sha256"),
                    n.hasNonNull("size") ? n.get("size").asLong() : null, n.path("run").asLong(-1),
                    text(n, "at") == null ? null : Instant.parse(text(n, "at")), text(n, "detail"), text(n, "hash"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad field: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }
}
