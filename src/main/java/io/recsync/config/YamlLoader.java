package io.recsync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML file into a located {@link Settings} tree: every field keeps its line, so errors
 * can say {@code file:line: field 'a.b'}. Only plain mappings, lists and scalars are built (no
 * types, no custom tags). {@code ${VAR}} and {@code ${VAR:-default}} are substituted from the
 * environment given; a value that used any substitution becomes a {@link Secret}, which is how
 * secret fields tell a reference from a password typed into the file.
 */
public final class YamlLoader {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    public YamlLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Loads {@code file}; {@code what} names it in the "missing file" message (e.g. "job file"). */
    public Settings load(Path file, String what) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new ConfigException(abs + ": " + what + " not found; check the path"
                    + (what.startsWith("job") ? " given to --job" : ""));
        }
        String shown = file.toString();
        Node root;
        try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(shown + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(shown + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(abs + ": cannot read " + what + ": " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(shown + ": the " + what + " is empty");
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigException(shown + ":" + line(root) + ": the " + what + " must be a mapping of 'key: value' lines");
        }
        Map<String, Integer> lines = new HashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) convert(root, "", shown, lines);
        return new Settings(shown, "", values, lines, abs.getParent());
    }

    private Object convert(Node node, String path, String file, Map<String, Integer> lines) {
        if (!path.isEmpty()) {
            lines.putIfAbsent(path, line(node));
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new ConfigException(file + ":" + line(t.getKeyNode()) + ": keys must be plain names");
                }
                String key = k.getValue();
                String child = path.isEmpty() ? key : path + "." + key;
                lines.put(child, line(k));
                out.put(key, convert(t.getValueNode(), child, file, lines));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(convert(s.getValue().get(i), path + "[" + i + "]", file, lines));
            }
            return out;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        if (scalar.getTag().getValue().endsWith(":null") || (scalar.getScalarStyle().getChar() == null
                && (text.isEmpty() || text.equals("~") || text.equals("null")))) {
            return null;
        }
        return substitute(text, path, file, line(node));
    }

    private Object substitute(String text, String path, String file, int line) {
        Matcher m = VAR.matcher(text);
        if (!m.find()) {
            return text;
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException(file + ":" + line + ": field '" + path + "' uses ${" + m.group(1)
                        + "}, which is not set; export it (or give a default as ${" + m.group(1) + ":-value})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Secret(out.toString());
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
