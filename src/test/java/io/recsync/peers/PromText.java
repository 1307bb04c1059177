package io.recsync.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus text format read by the Prometheus client library's own parser: the official
 * Python client's {@code prometheus_client.parser.text_string_to_metric_families} (Debian
 * {@code python3-prometheus-client}; .ci/run installs it). The Java client (io.prometheus
 * prometheus-metrics-*) has writers for the format but no parser, and the old simpleclient none
 * either; the Python client's parser is the one the Prometheus project ships for reading it. A
 * file it rejects fails the test with the parser's own message.
 */
public final class PromText {

    /** One sample: its name as written (counters keep {@code _total}), labels, value, and its family's name and type. */
    public record Sample(String family, String type, String name, Map<String, String> labels, double value) {}

    private static final String SCRIPT = String.join("\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "text = open(sys.argv[1], encoding='utf-8').read()",
            "out = []",
            "for fam in text_string_to_metric_families(text):",
            "    for s in fam.samples:",
            "        out.append({'family': fam.name, 'type': fam.type, 'name': s.name, 'labels': s.labels, 'value': s.value})",
            "print(json.dumps(out))");

    private PromText() {}

    public static List<Sample> parse(Path file) throws IOException, InterruptedException {
        // Debian's interpreter, which the package is installed for (a pyenv or venv python3 earlier on
        // the PATH would not see it).
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, "-c", SCRIPT, file.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the Prometheus client's parser rejected " + file + ": "
                    + new String(err, StandardCharsets.UTF_8));
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(out)) {
            Map<String, String> labels = new LinkedHashMap<>();
            n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(n.get("family").asText(), n.get("type").asText(), n.get("name").asText(), labels,
                    n.get("value").asDouble()));
        }
        return samples;
    }

    public static List<Sample> parse(String text, Path scratch) throws IOException, InterruptedException {
        Path f = Files.createTempFile(scratch, "scrape", ".prom");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return parse(f);
    }

    /** The sum of the samples named {@code name} whose labels include {@code match}. */
    public static double sum(List<Sample> samples, String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> match.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .mapToDouble(Sample::value).sum();
    }
}
