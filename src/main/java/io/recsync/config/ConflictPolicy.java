package io.recsync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a job settles metadata that was changed at two sites since they last agreed. Whatever the
 * policy, the losing metadata is kept (in {@code .recsync/quarantine/} on the site where it was
 * replaced), and different audio under one recording id is never settled automatically.
 */
public enum ConflictPolicy {
    /** Leave both sides as they are and open a conflict for a person ({@code recsync conflicts}). */
    LOG("log", "leave both sides untouched and open a conflict for review"),
    /** The site with the better (lower) priority wins. */
    PRIORITY("priority", "the site with the better (lower) priority wins"),
    /** The later {@code updatedAt} wins; a tie (or none known) goes to the better priority. */
    NEWEST("newest", "the later updatedAt wins, ties by site priority"),
    /** The newest wins as with {@code newest}, and the loser stays beside it as a conflict copy. */
    KEEP_BOTH("keep-both", "the newest wins and the replaced metadata is kept beside it as <name>.conflict-<site>-<time>.json");

    private final String word;
    private final String meaning;

    ConflictPolicy(String word, String meaning) {
        this.word = word;
        this.meaning = meaning;
    }

    public String word() {
        return word;
    }

    /** Null when {@code value} names no policy. */
    public static ConflictPolicy of(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.word.equals(v)).findFirst().orElse(null);
    }

    static String choices() {
        return Arrays.stream(values()).map(p -> p.word + " (" + p.meaning + ")").collect(Collectors.joining("; "));
    }
}
