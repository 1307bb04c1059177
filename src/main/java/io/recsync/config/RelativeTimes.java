package io.recsync.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relative forms of {@code since}/{@code until}: a whole number of hours, days or weeks back from now. */
final class RelativeTimes {

    static final String FORMS = "a span back from the start of the run such as 12h, 30d or 2w (hours, days, weeks)";

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([hdw])");

    private RelativeTimes() {}

    /** @return the span, or null when {@code text} does not look like a relative form at all */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException("'" + text + "' is no span; give at least 1 (e.g. 1d)");
        }
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    static String format(Duration d) {
        long hours = d.toHours();
        return hours % 24 == 0 ? hours / 24 + "d" : hours + "h";
    }
}
