package io.recsync.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads a sidecar. Fields are optional, but a field that is present must be valid by the same
 * rules as a manifest line: a sidecar whose tenant is "a/b" is not quietly half-used.
 */
public final class SidecarParser {

    /** Sidecars are a few hundred bytes; anything far larger is not one and is not parsed. */
    public static final int MAX_BYTES = 1 << 20;

    private static final String WHAT = "a sidecar holding one JSON object";

    private SidecarParser() {}

    /**
     * @throws InvalidFieldException naming the field at fault, or with a null field when the
     *     bytes are not one JSON object in UTF-8
     */
    public static Sidecar parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new InvalidFieldException(null, "sidecar is larger than " + MAX_BYTES + " bytes; expected "
                    + WHAT + " of a few hundred bytes");
        }
        JsonNode root = JsonFields.parseObject(utf8(json), WHAT);
        return new Sidecar(
                JsonFields.has(root, "id") ? RecordingValidator.id("id", JsonFields.text(root, "id", "id", FieldRule.ID)) : null,
                JsonFields.has(root, "tenant") ? RecordingValidator.name("tenant", JsonFields.text(root, "tenant", "tenant", FieldRule.NAME)) : null,
                JsonFields.has(root, "group") ? RecordingValidator.name("group", JsonFields.text(root, "group", "group", FieldRule.NAME)) : null,
                JsonFields.has(root, "recordedAt")
                        ? RecordingValidator.timestamp("recordedAt", JsonFields.text(root, "recordedAt", "recordedAt", FieldRule.TIMESTAMP))
                        : null,
                JsonFields.has(root, "version")
                        ? RecordingValidator.version("version", JsonFields.integer(root, "version", "version", FieldRule.VERSION))
                        : null,
                JsonFields.has(root, "caller") ? JsonFields.text(root, "caller", "caller", FieldRule.TEXT) : null,
                JsonFields.has(root, "callee") ? JsonFields.text(root, "callee", "callee", FieldRule.TEXT) : null,
                JsonFields.has(root, "durationSeconds") ? duration(root) : null,
                JsonFields.has(root, "updatedAt")
                        ? RecordingValidator.timestamp("updatedAt", JsonFields.text(root, "updatedAt", "updatedAt", FieldRule.TIMESTAMP))
                        : null);
    }

    private static Double duration(JsonNode root) {
        double d = JsonFields.number(root, "durationSeconds", "durationSeconds", FieldRule.DURATION);
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            throw FieldRule.DURATION.got("durationSeconds", Double.toString(d));
        }
        return d;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidFieldException(null, "sidecar is not valid UTF-8; expected " + WHAT);
        }
    }
}
