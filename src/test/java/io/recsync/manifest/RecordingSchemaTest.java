package io.recsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema must agree with the validator on the examples. No schema library is on the
 * class path, so this evaluates the handful of keywords the schema uses; an unsupported keyword
 * fails the test rather than being skipped.
 */
class RecordingSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void schemaAcceptsWhatTheValidatorAcceptsAndRejectsWhatItRejects() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("manifests/schema/recording.schema.json").toFile());
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");

        for (String line : Files.readAllLines(Path.of("manifests/examples/site-a.jsonl"))) {
            assertThat(errors(schema, schema, JSON.readTree(line), "")).as(line).isEmpty();
        }
        List<String> lines = Files.readAllLines(Path.of("manifests/examples/invalid.jsonl"));
        for (int n = 3; n <= 17; n++) {
            assertThat(errors(schema, schema, JSON.readTree(lines.get(n - 1)), "")).as("invalid.jsonl line " + n).isNotEmpty();
        }
        for (int n : new int[] {1, 19, 20}) { // 19 is a duplicate id: a rule across lines, not of one line
            assertThat(errors(schema, schema, JSON.readTree(lines.get(n - 1)), "")).as("invalid.jsonl line " + n).isEmpty();
        }
    }

    @Test
    void nullMetadataAndAbsentVersionAreValid() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("manifests/schema/recording.schema.json").toFile());
        String line = Files.readAllLines(Path.of("manifests/examples/site-a.jsonl")).get(1).replace(",\"version\":1", "");
        assertThat(line).contains("\"metadata\":null").doesNotContain("version");
        assertThat(errors(schema, schema, JSON.readTree(line), "")).isEmpty();
    }

    private static List<String> errors(JsonNode root, JsonNode schema, JsonNode value, String at) {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> k : schema.properties()) {
            JsonNode s = k.getValue();
            switch (k.getKey()) {
                case "$schema", "$id", "title", "description", "format", "$defs", "additionalProperties" -> { }
                case "$ref" -> errors.addAll(errors(root, root.at(s.asText().substring(1)), value, at));
                case "type" -> {
                    boolean ok = false;
                    for (JsonNode t : s.isArray() ? s : JSON.createArrayNode().add(s)) {
                        ok |= switch (t.asText()) {
                            case "object" -> value.isObject();
                            case "string" -> value.isTextual();
                            case "integer" -> value.isIntegralNumber();
                            case "null" -> value.isNull();
                            default -> throw new IllegalStateException("type " + t);
                        };
                    }
                    if (!ok) {
                        errors.add(at + ": type");
                    }
                }
                case "required" -> s.forEach(r -> {
                    if (!value.has(r.asText())) {
                        errors.add(at + "/" + r.asText() + ": required");
                    }
                });
                case "properties" -> s.properties().forEach(p -> {
                    if (value.isObject() && value.has(p.getKey())) {
                        errors.addAll(errors(root, p.getValue(), value.get(p.getKey()), at + "/" + p.getKey()));
                    }
                });
                case "pattern" -> {
                    if (value.isTextual() && !Pattern.compile(s.asText()).matcher(value.asText()).find()) {
                        errors.add(at + ": pattern " + s.asText());
                    }
                }
                case "minLength" -> {
                    if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) < s.asInt()) {
                        errors.add(at + ": minLength");
                    }
                }
                case "maxLength" -> {
                    if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) > s.asInt()) {
                        errors.add(at + ": maxLength");
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(s.decimalValue()) < 0) {
                        errors.add(at + ": minimum");
                    }
                }
                case "maximum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(s.decimalValue()) > 0) {
                        errors.add(at + ": maximum");
                    }
                }
                case "not" -> {
                    if (errors(root, s, value, at).isEmpty()) {
                        errors.add(at + ": not " + s);
                    }
                }
                case "allOf" -> s.forEach(sub -> errors.addAll(errors(root, sub, value, at)));
                case "oneOf" -> {
                    int matching = 0;
                    for (JsonNode sub : s) {
                        matching += errors(root, sub, value, at).isEmpty() ? 1 : 0;
                    }
                    if (matching != 1) {
                        errors.add(at + ": oneOf");
                    }
                }
                default -> throw new IllegalStateException("schema keyword not evaluated by this test: " + k.getKey());
            }
        }
        return errors;
    }
}
