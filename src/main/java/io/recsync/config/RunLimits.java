package io.recsync.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of {@code --max-duration} / {@code transfer.maxDuration} and {@code --max-transfer} /
 * {@code transfer.maxTransfer}, in rclone's forms: {@code 6h}, {@code 1h30m}; {@code 500G},
 * {@code 1.5T}, {@code 200MiB} (binary units, K = 1024).
 */
public final class RunLimits {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private RunLimits() {}

    /** {@code 6h}, {@code 90m}, {@code 1h30m}, {@code 45s}: more than zero. */
    public static Duration duration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(v);
        Duration d = Duration.ZERO;
        int at = 0;
        while (at < v.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (v.isEmpty() || at != v.length()) {
            throw new IllegalArgumentException("is '" + text + "'; write a duration such as 6h, 90m or 1h30m");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("is '" + text + "'; it must be longer than 0");
        }
        return d;
    }

    /** {@code 500G}, {@code 1.5T}, {@code 200MiB}, {@code 4096B}: a unit is required, more than zero. */
    public static long bytes(String text) {
        java.util.OptionalDouble parsed = ByteSizes.bytes(text, null);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("is '" + text + "'; write a size with its unit, such as 500G, 1.5T or"
                    + " 200M (binary: K = 1024 bytes; B for bytes)");
        }
        double bytes = parsed.getAsDouble();
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("is '" + text + "', which is too large");
        }
        if ((long) bytes <= 0) {
            throw new IllegalArgumentException("is '" + text + "'; it must be more than 0 bytes");
        }
        return (long) bytes;
    }
}
