package io.recsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated job file: sites, links, conflict policy and transfer settings.
 *
 * @param sites in file order, by name
 * @param conflictPolicy the word of a {@link ConflictPolicy}: {@code log} (default), {@code priority}, ...
 */
public record JobDefinition(
        String name,
        Path file,
        Map<String, SiteDefinition> sites,
        List<LinkDefinition> links,
        String conflictPolicy,
        TransferSettings transfer) {

    public ConflictPolicy policy() {
        return ConflictPolicy.of(conflictPolicy);
    }

    public SiteDefinition site(String name) {
        SiteDefinition s = sites.get(name);
        if (s == null) {
            throw new ConfigException(file + ": no site named '" + name + "'; sites: " + String.join(", ", sites.keySet()));
        }
        return s;
    }
}
