package io.recsync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code paths:} globs of a filter, checked when the job loads. A glob is matched against a
 * recording's audio path, relative to the site root and {@code /}-separated: {@code **} matches
 * anything (across directories), {@code *} anything within one directory, {@code ?} one character
 * other than {@code /}; every other character stands for itself.
 */
final class PathGlobRules {

    private PathGlobRules() {}

    static List<String> check(Settings filter, String key) {
        List<String> globs = filter.optionalStringList(key);
        if (filter.has(key) && globs.isEmpty()) {
            throw filter.error(key, "is empty; list globs such as [\"acme/**\"] (or leave it out for every path)");
        }
        List<String> out = new ArrayList<>();
        for (String glob : globs) {
            String problem = problem(glob);
            if (problem != null) {
                throw filter.error(key, "has '" + glob + "': " + problem);
            }
            if (!out.contains(glob)) {
                out.add(glob);
            }
        }
        return out;
    }

    private static String problem(String glob) {
        if (glob.isBlank()) {
            return "an empty glob; write e.g. \"acme/**\"";
        }
        if (glob.startsWith("/")) {
            return "paths are relative to the site root; drop the leading '/' (e.g. \"acme/**\")";
        }
        if (glob.contains("\\")) {
            return "paths are '/'-separated; write '/' instead of '\\'";
        }
        if (glob.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "contains a control character";
        }
        for (String segment : glob.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment ('//' or a trailing '/'); end a directory glob with /** (e.g. \"acme/**\")";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "has a '" + segment + "' segment; paths are normalized, write the directory names";
            }
        }
        return null;
    }
}
