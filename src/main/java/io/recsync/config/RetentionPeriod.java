package io.recsync.config;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span recordings are kept for: {@code 7y}, {@code 18m} (months), {@code 12w}, {@code 90d}.
 * Calendar arithmetic in UTC, so {@code 7y} from 2020-02-29 ends on 2027-02-28, as a retention rule
 * written in years means it, not 7 x 365 days.
 */
public record RetentionPeriod(Period period, String written) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,5})\\s*([ymwd])");

    public static RetentionPeriod parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a span such as 7y, 18m, 12w or 90d (years, months, weeks,"
                    + " days), got '" + text + "'");
        }
        int n = Integer.parseInt(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException("'" + text + "' keeps nothing; give at least 1 (e.g. 90d)");
        }
        Period p = switch (m.group(2)) {
            case "y" -> Period.ofYears(n);
            case "m" -> Period.ofMonths(n);
            case "w" -> Period.ofWeeks(n);
            default -> Period.ofDays(n);
        };
        return new RetentionPeriod(p, n + m.group(2));
    }

    /** The instant this span before {@code at}: a recording made before it is past this retention at {@code at}. */
    public Instant before(Instant at) {
        return at.atZone(ZoneOffset.UTC).minus(period).toInstant();
    }

    /** The instant this span after {@code t}: when a recording made at {@code t} leaves this retention. */
    public Instant after(Instant t) {
        return t.atZone(ZoneOffset.UTC).plus(period).toInstant();
    }

    @Override
    public String toString() {
        return written;
    }
}
