package io.recsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node graph into plain maps, lists and strings, recording the line of every
 * field. Scalars stay text (so {@code tenants: [no]} is the tenant "no", not false, and
 * {@code since: 2026-11-01} is not a Date): {@link Settings} parses them with located errors.
 */
final class YamlTree {

    /** Aliases are shared nodes: without a cap a few of them expand into millions of values. */
    static final int MAX_VALUES = 20_000;

    static final int MAX_DEPTH = 40;

    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private final String source;
    private final EnvSubstitution env;
    private Map<String, Integer> lines = new HashMap<>();
    private int values;

    YamlTree(String source, EnvSubstitution env) {
        this.source = source;
        this.env = env;
    }

    Map<String, Integer> lines() {
        return lines;
    }

    Object build(Node node, String path, int depth) {
        if (++values > MAX_VALUES) {
            throw new ConfigException(at(node) + ": more than " + MAX_VALUES + " values once aliases (*name) are expanded;"
                    + " a recsync file is small: write the values out instead of nesting aliases");
        }
        if (depth > MAX_DEPTH) {
            throw new ConfigException(at(node) + ": nested more than " + MAX_DEPTH + " levels deep (an alias that"
                    + " refers to itself?); flatten the structure");
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, path);
        }
        if (node instanceof SequenceNode seq) {
            requireTag(node, Tag.SEQ, path);
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                String p = path + "[" + out.size() + "]";
                lines.putIfAbsent(p, line(item));
                out.add(build(item, p, depth + 1));
            }
            return out;
        }
        requireTag(node, Tag.MAP, path);
        return mapping((MappingNode) node, path, depth);
    }

    private Map<String, Object> mapping(MappingNode node, String path, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Node> merges = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
                merges.add(t.getValueNode());
                continue;
            }
            String key = key(t.getKeyNode(), path);
            String p = path.isEmpty() ? key : path + "." + key;
            Integer first = firstLine.putIfAbsent(key, line(t.getKeyNode()));
            if (first != null) {
                throw new ConfigException(at(t.getKeyNode()) + ": field '" + p + "' is given twice (first on line "
                        + first + "); keep one: YAML would otherwise silently use the last");
            }
            lines.put(p, line(t.getKeyNode()));
            out.put(key, build(t.getValueNode(), p, depth + 1));
        }
        for (Node merged : merges) {
            merge(merged, out, path, depth);
        }
        return out;
    }

    /** {@code <<: *defaults}: fields written in the mapping itself win over merged ones. */
    private void merge(Node merged, Map<String, Object> into, String path, int depth) {
        List<Node> sources = merged instanceof SequenceNode seq ? seq.getValue() : List.of(merged);
        for (Node src : sources) {
            if (!(src instanceof MappingNode)) {
                throw new ConfigException(at(src) + ": '<<' merges mappings only; give it an alias of a mapping (<<: *name)");
            }
            Map<String, Integer> outer = lines;
            lines = new HashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) build(src, path, depth + 1);
            Map<String, Integer> mergedLines = lines;
            lines = outer;
            m.forEach((key, value) -> {
                if (!into.containsKey(key)) {
                    into.put(key, value);
                    String p = path.isEmpty() ? key : path + "." + key;
                    // The field's line is where the merged mapping wrote it, as are its children's.
                    mergedLines.forEach((field, line) -> {
                        if (field.equals(p) || field.startsWith(p + ".") || field.startsWith(p + "[")) {
                            lines.put(field, line);
                        }
                    });
                }
            });
        }
    }

    private String key(Node keyNode, String path) {
        if (!(keyNode instanceof ScalarNode scalar)) {
            throw new ConfigException(at(keyNode) + ": a key" + (path.isEmpty() ? "" : " in '" + path + "'")
                    + " must be a plain name, not a list or mapping");
        }
        return scalar.getValue();
    }

    private Object scalar(ScalarNode node, String path) {
        if (!SCALAR_TAGS.contains(node.getTag())) {
            throw tagError(node, path);
        }
        if (node.getTag().equals(Tag.NULL)) {
            return null;
        }
        String text = node.getValue();
        return EnvSubstitution.mentions(text) ? env.apply(text, at(node), path) : text;
    }

    private void requireTag(Node node, Tag expected, String path) {
        if (!node.getTag().equals(expected)) {
            throw tagError(node, path);
        }
    }

    private ConfigException tagError(Node node, String path) {
        String what = path.isEmpty() ? "the document" : "field '" + path + "'";
        return new ConfigException(at(node) + ": " + what + " carries the YAML tag " + node.getTag().getValue()
                + "; recsync reads plain values, lists and mappings only: remove the tag");
    }

    private String at(Node node) {
        return source + ":" + line(node);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
