package io.recsync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The schedule class of a link: which timer's runs take it ({@code sync --schedule nightly}).
 * A link without one belongs to no class and is taken only by runs without {@code --schedule}.
 */
public enum Schedule {
    CONTINUOUS, HOURLY, NIGHTLY;

    /** As written in job files and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The allowed values, for messages: {@code continuous, hourly, nightly}. */
    public static String labels() {
        return Arrays.stream(values()).map(Schedule::label).collect(Collectors.joining(", "));
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static Schedule parse(String text) {
        for (Schedule s : values()) {
            if (s.label().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of " + labels() + ", got '" + text + "'");
    }
}
