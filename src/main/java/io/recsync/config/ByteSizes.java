package io.recsync.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the byte sizes operators write: {@code 5242880}, {@code 512KiB}, {@code 64MiB},
 * {@code 1GiB}. Only binary units: "MB" is ambiguous (10^6 or 2^20) and S3's part limits are in MiB.
 */
public final class ByteSizes {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|tib)?");

    private ByteSizes() {}

    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 5242880, 512KiB, 64MiB or 1GiB, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return n << shift;
    }
}
