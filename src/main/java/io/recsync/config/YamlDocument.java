package io.recsync.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * One loaded YAML file.
 *
 * @param file absolute path of the file, or null when parsed from text
 * @param source the name errors show: the path as the operator gave it
 * @param tree the top-level mapping: nested {@code Map<String,Object>}, {@code List<Object>},
 *     {@code String}, {@link Secret} (a value that used {@code ${ENV}}) and null
 * @param lines 1-based line of each dotted field path ({@code sites.hq.priority},
 *     {@code links[0].filter.tenants})
 * @param root the located, typed view of {@code tree}; relative paths resolve against the file's
 *     directory
 */
public record YamlDocument(Path file, String source, Map<String, Object> tree, Map<String, Integer> lines, Settings root) {

    /** Field names only: the tree may hold secrets. */
    @Override
    public String toString() {
        return "YamlDocument[" + source + " " + tree.keySet() + "]";
    }
}
