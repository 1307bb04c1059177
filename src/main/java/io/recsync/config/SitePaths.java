package io.recsync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the paths and path templates a job writes about a site's storage. The rules mirror the
 * connector's {@code StoragePath} and the manifest scanner's {@code PathTemplate}, which config
 * cannot import (they depend on config): a job is rejected at load time rather than mid-run.
 */
public final class SitePaths {

    /** The placeholders a scan template may use; keep in step with manifest's PathTemplate. */
    public static final List<String> TEMPLATE_TOKENS =
            List.of("tenant", "group", "id", "yyyy", "MM", "dd", "HH", "mm", "ss", "ext");

    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");

    private SitePaths() {}

    /**
     * A path relative to the site root, normalized ({@code a//b/} becomes {@code a/b}).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String relative(String raw) {
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("must be relative to the site root (no leading '/'), got '" + raw + "'");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("must stay below the site root without '.' or '..' segments, got '"
                        + raw + "'");
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty() || raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("must name a file or directory below the site root, e.g."
                    + " manifests/hq.jsonl");
        }
        return String.join("/", segments);
    }

    /**
     * A scan template such as {@code {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}}.
     *
     * @throws IllegalArgumentException naming the unknown, repeated or missing token
     */
    public static String template(String template) {
        try {
            relative(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be a path below the site root without '.' or '..' segments,"
                    + " e.g. {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}, got '" + template + "'");
        }
        if (template.chars().filter(c -> c == '{').count() != template.chars().filter(c -> c == '}').count()) {
            throw new IllegalArgumentException("has unbalanced braces: '" + template + "'");
        }
        Matcher m = TOKEN.matcher(template);
        Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            String token = m.group(1);
            if (!TEMPLATE_TOKENS.contains(token)) {
                throw new IllegalArgumentException("has an unknown placeholder {" + token + "}; known: {"
                        + String.join("}, {", TEMPLATE_TOKENS) + "}");
            }
            if (!seen.add(token)) {
                throw new IllegalArgumentException("has {" + token + "} twice; use each placeholder once");
            }
        }
        if (!seen.contains("id")) {
            throw new IllegalArgumentException("must contain {id}, the recording's UUID, e.g. "
                    + "{tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}");
        }
        return template;
    }
}
