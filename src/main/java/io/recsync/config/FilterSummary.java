package io.recsync.config;

import java.util.ArrayList;
import java.util.List;

/** A link filter in one short line for listings: {@code tenants=acme,globex; content=audio}, or {@code all}. */
public final class FilterSummary {

    private FilterSummary() {}

    public static String of(LinkFilter f) {
        List<String> parts = new ArrayList<>();
        if (!f.tenants().isEmpty()) {
            parts.add("tenants=" + String.join(",", new java.util.TreeSet<>(f.tenants())));
        }
        if (!f.excludeTenants().isEmpty()) {
            parts.add("excludeTenants=" + String.join(",", new java.util.TreeSet<>(f.excludeTenants())));
        }
        if (!f.groups().isEmpty()) {
            parts.add("groups=" + String.join(",", new java.util.TreeSet<>(f.groups())));
        }
        if (!f.excludeGroups().isEmpty()) {
            parts.add("excludeGroups=" + String.join(",", new java.util.TreeSet<>(f.excludeGroups())));
        }
        if (f.since() != null) {
            parts.add("since=" + f.since());
        }
        if (f.until() != null) {
            parts.add("until=" + f.until());
        }
        for (List<String> anyOf : f.paths()) {
            parts.add("paths=" + String.join(",", anyOf));
        }
        if (!(f.audio() && f.metadata())) {
            parts.add("content=" + (f.audio() ? "audio" : "metadata"));
        }
        return parts.isEmpty() ? "all" : String.join("; ", parts);
    }
}
