package io.recsync.config;

import java.util.List;

/**
 * Rejects unknown fields before anything else is read, so that a misspelt {@code link:} is
 * reported as such rather than as a missing {@code links}. {@link Settings#finish()} remains the
 * final guard.
 */
final class KnownFields {

    private KnownFields() {}

    static void check(Settings settings, String... known) {
        List<String> allowed = List.of(known);
        for (String key : settings.keys()) {
            if (!allowed.contains(key)) {
                throw unknown(settings, key, List.of(), allowed, "jobs/README.md");
            }
        }
    }

    /**
     * The one message for a field nobody reads, job or profile: the closest allowed name when it
     * is a typo, the other unknown ones, every allowed one, and where they are described.
     */
    static ConfigException unknown(Settings settings, String key, List<String> others, List<String> allowed,
            String reference) {
        String hint = closest(key, allowed);
        return settings.error(key, "is not a known field" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                + (others.isEmpty() ? "" : " (nor are " + others + ")")
                + " Fields allowed here: " + String.join(", ", allowed) + " (see " + reference + ")");
    }

    static String closest(String key, List<String> allowed) {
        String best = null;
        int bestDistance = 3; // more than two edits away is a different word, not a typo
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
