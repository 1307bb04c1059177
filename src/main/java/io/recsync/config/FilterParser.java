package io.recsync.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns filter values (job file or command line) into a {@link LinkFilter}. */
public final class FilterParser {

    private FilterParser() {}

    /** The operator's `--tenant`, `--group`, `--since`, `--until`. */
    public static LinkFilter parse(List<String> tenants, List<String> groups, String since, String until) {
        Instant from = since == null ? null : instant("--since", since);
        Instant to = until == null ? null : instant("--until", until);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ConfigException("--since " + since + " is not before --until " + until);
        }
        return new LinkFilter(names("--tenant", tenants), names("--group", groups), from, to, true, true);
    }

    /** A date ({@code 2026-11-01}, UTC midnight) or an ISO instant ({@code 2026-11-01T12:00:00Z}). */
    public static Instant instant(String option, String value) {
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException(option + ": expected a date such as 2026-11-01 or an instant such as "
                    + "2026-11-01T12:00:00Z, got '" + value + "'");
        }
    }

    static Set<String> names(String option, List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String t = v.trim();
            if (t.isEmpty() || t.contains("/")) {
                throw new ConfigException(option + ": '" + v + "' is not a tenant or group name");
            }
            out.add(t);
        }
        return Set.copyOf(out);
    }
}
