package io.recsync.config;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way recsync reads a byte size, in job files and on the command line: a number and a
 * binary unit as rclone writes them ({@code 512k}, {@code 10M}, {@code 1.5T}) or spelled out
 * ({@code 512KiB}, {@code 64MiB}, {@code 4096B}). Units are binary (K = 1024), as in rclone and
 * S3's part limits. {@code 64MB} is refused: a million bytes to some, 2^20 to others.
 */
public final class ByteSizes {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([bkmgtp])?(i?b?)", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    /**
     * A size in bytes for a job field: {@code 5242880} (a bare number is bytes), {@code 512KiB},
     * {@code 64MiB}, {@code 64M}, {@code 1GiB}.
     */
    public static long parse(String text) {
        OptionalDouble bytes = bytes(text, 'b');
        if (bytes.isEmpty() || bytes.getAsDouble() != Math.rint(bytes.getAsDouble())) {
            throw new IllegalArgumentException("expected a size such as 5242880, 512KiB, 64MiB or 1GiB, got '" + text + "'");
        }
        if (bytes.getAsDouble() >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return (long) bytes.getAsDouble();
    }

    /**
     * The bytes {@code text} names, unrounded (a rate may be {@code 0.625M}); empty when it is not
     * a size. Each caller says in its own words what it expected and what is out of range.
     *
     * @param bareUnit the unit of a number without one ({@code 'b'} bytes, {@code 'k'} KiB as
     *     rclone's --bwlimit), or null when a unit is required
     */
    public static OptionalDouble bytes(String text, Character bareUnit) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        String unit = m.group(2);
        String rest = m.group(3);
        if (unit == null) {
            if (bareUnit == null || !rest.isEmpty()) {
                return OptionalDouble.empty();
            }
            unit = bareUnit.toString();
        } else if (unit.equalsIgnoreCase("b") && !rest.isEmpty()) {
            return OptionalDouble.empty();
        } else if (rest.equalsIgnoreCase("b")) {
            // "64MB": a million bytes to some, 2^20 to others; say 64M or 64MiB.
            return OptionalDouble.empty();
        }
        int shift = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b" -> 0;
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 50;
        };
        return OptionalDouble.of(Double.parseDouble(m.group(1)) * Math.pow(2, shift));
    }
}
