package io.recsync.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Typed access to the fields of one JSON object (a manifest line or a sidecar) that turns every
 * way a value can be wrong into an {@link InvalidFieldException} naming the field, what was
 * expected and what was found. JSON null counts as absent, so optional fields may be written
 * either way.
 */
final class JsonFields {

    /**
     * Strict on purpose: a duplicate key ({@code "id"} twice) would otherwise let the last one win
     * silently. {@link #parseObject} also refuses a second value glued onto the line.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonFields() {}

    /** Parses text that must be exactly one JSON object. */
    static JsonNode parseObject(String text, String what) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(text)) {
            root = MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new InvalidFieldException(null, "more JSON follows the object at column "
                        + parser.currentTokenLocation().getColumnNr() + "; expected " + what);
            }
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage().lines().findFirst().orElse("").trim();
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new InvalidFieldException(null, "malformed JSON" + column + " (" + detail + "); expected " + what);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFieldException(null, "expected " + what + ", got " + describe(root));
        }
        return root;
    }

    /** Whether the field is present with a non-null value. */
    static boolean has(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n != null && !n.isNull();
    }

    static String text(JsonNode parent, String name, String field, FieldRule rule) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw rule.missing(field);
        }
        if (!n.isTextual()) {
            throw rule.got(field, describe(n));
        }
        return n.textValue();
    }

    /** An integer that fits a long; 42.0 and "42" are refused, a size is a JSON integer. */
    static long integer(JsonNode parent, String name, String field, FieldRule rule) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw rule.missing(field);
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw rule.got(field, describe(n));
        }
        return n.longValue();
    }

    static double number(JsonNode parent, String name, String field, FieldRule rule) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw rule.missing(field);
        }
        if (!n.isNumber()) {
            throw rule.got(field, describe(n));
        }
        return n.doubleValue();
    }

    static JsonNode object(JsonNode parent, String name, String field) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw FieldRule.OBJECT.missing(field);
        }
        if (!n.isObject()) {
            throw FieldRule.OBJECT.got(field, describe(n));
        }
        return n;
    }

    /** {@code JSON string '42'}, {@code JSON number 4.5}, {@code JSON array}: type and value. */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case STRING -> "JSON string " + FieldRule.shown(n.textValue());
            case NUMBER -> "JSON number " + (n.asText().length() > 40 ? n.asText().substring(0, 40) + "..." : n.asText());
            case BOOLEAN -> "JSON " + n.asText();
            case NULL -> "JSON null";
            case ARRAY -> "a JSON array";
            case OBJECT -> "a JSON object";
            default -> "JSON " + n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
