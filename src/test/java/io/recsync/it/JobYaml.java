package io.recsync.it;

import io.recsync.demo.ArchiveGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A job file as the sync tests write it: sites by inline connector profile, each scanned with the
 * demo archive's path template, then a {@code links:} block (see {@link Topologies}) and small
 * transfer chunks.
 */
final class JobYaml {

    private final String name;
    private final Map<String, String> sites = new LinkedHashMap<>();
    private final Set<String> readOnly = new java.util.HashSet<>();
    private final Map<String, Integer> priority = new java.util.HashMap<>();

    JobYaml(String name) {
        this.name = name;
    }

    /** A writable site. */
    JobYaml site(String site, String inlineProfile) {
        sites.put(site, inlineProfile);
        return this;
    }

    /** A site with {@code mode: ro}. */
    JobYaml readOnlySite(String site, String inlineProfile) {
        readOnly.add(site);
        return site(site, inlineProfile);
    }

    /** The site's {@code priority} (lower wins; default 100). */
    JobYaml priority(String site, int value) {
        priority.put(site, value);
        return this;
    }

    /** The whole file with {@code links} (a {@code links:} block) after the sites. */
    String withLinks(String links) {
        StringBuilder out = new StringBuilder("name: ").append(name).append("\nsites:\n");
        sites.forEach((site, profile) -> {
            out.append("  ").append(site).append(":\n    connector: ").append(profile)
                    .append("\n    manifest:\n      source: scan\n      template: \"").append(ArchiveGenerator.TEMPLATE)
                    .append("\"\n");
            if (readOnly.contains(site)) {
                out.append("    mode: ro\n");
            }
            if (priority.containsKey(site)) {
                out.append("    priority: ").append(priority.get(site)).append("\n");
            }
        });
        return out.append(links).append("transfer:\n  chunkSize: 50\n  parallel: 4\n").toString();
    }
}
