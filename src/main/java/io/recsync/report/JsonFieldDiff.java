package io.recsync.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fields of two JSON objects that differ, nested fields named with dots ({@code agent.name}). */
public final class JsonFieldDiff {

    /** One differing field; a side that lacks it shows as null. */
    public record Field(String name, String left, String right) {}

    private JsonFieldDiff() {}

    public static List<Field> of(JsonNode left, JsonNode right) {
        Map<String, String> l = new TreeMap<>();
        Map<String, String> r = new TreeMap<>();
        flatten("", left, l);
        flatten("", right, r);
        TreeMap<String, Boolean> names = new TreeMap<>();
        l.keySet().forEach(k -> names.put(k, true));
        r.keySet().forEach(k -> names.put(k, true));
        List<Field> out = new ArrayList<>();
        for (String n : names.keySet()) {
            String a = l.get(n);
            String b = r.get(n);
            if (a == null ? b != null : !a.equals(b)) {
                out.add(new Field(n, a, b));
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node != null && node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node != null && !prefix.isEmpty()) {
            out.put(prefix, node.toString());
        }
    }
}
