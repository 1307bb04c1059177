package io.recsync.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads link filters, from a job's {@code filter:} mapping and from the command line
 * ({@code --tenant}, {@code --group}, {@code --since}, {@code --until}), with the same rules.
 */
public final class FilterParser {

    static final String INSTANT_FORMS = "a date such as 2026-11-01 (midnight UTC) or an instant such as"
            + " 2026-11-01T08:30:00Z";
    static final String BOUND_FORMS = "a date such as 2026-11-01 (midnight UTC), an instant such as"
            + " 2026-11-01T08:30:00Z, or " + RelativeTimes.FORMS;

    private FilterParser() {}

    /**
     * The operator's filter for {@code sync}/{@code resync}. Each tenant or group option may also
     * hold a comma-separated list ({@code --tenant acme,globex}).
     *
     * @param since inclusive, or null
     * @param until exclusive, or null
     * @throws ConfigException naming the option that is wrong
     */
    public static LinkFilter parse(List<String> tenants, List<String> groups, String since, String until) {
        TimeBound from = since == null ? null : bound("--since", since);
        TimeBound to = until == null ? null : bound("--until", until);
        if (!ordered(from, to)) {
            throw new ConfigException("--until " + until + " must be later than --since " + since
                    + " (--since is inclusive, --until exclusive)");
        }
        return new LinkFilter(names("--tenant", tenants), Set.of(), names("--group", groups), Set.of(), from, to, true,
                true, List.of());
    }

    /**
     * One bound given on the command line: a date, an instant or a relative span.
     *
     * @throws ConfigException starting with {@code option}
     */
    public static TimeBound bound(String option, String value) {
        try {
            return parseBound(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    /**
     * One date or instant given on the command line.
     *
     * @throws ConfigException starting with {@code option}
     */
    public static Instant instant(String option, String value) {
        try {
            return parseInstant(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    /** A job's {@code filter:} mapping; an absent one is {@link LinkFilter#ALL}. */
    public static LinkFilter parse(Settings filter) {
        KnownFields.check(filter, "tenants", "excludeTenants", "groups", "excludeGroups", "since", "until", "content",
                "paths");
        Set<String> tenants = names(filter, "tenants");
        Set<String> excludeTenants = names(filter, "excludeTenants");
        Set<String> groups = names(filter, "groups");
        Set<String> excludeGroups = names(filter, "excludeGroups");
        TimeBound since = filter.optional("since", null, FilterParser::parseBound);
        TimeBound until = filter.optional("until", null, FilterParser::parseBound);
        if (!ordered(since, until)) {
            throw filter.error("until", "(" + until + ") must be later than since (" + since
                    + "); since is inclusive, until exclusive");
        }
        List<String> content = filter.optionalStringList("content");
        if (filter.has("content") && content.isEmpty()) {
            throw filter.error("content", "is empty; list audio, metadata or both (or leave it out for both)");
        }
        for (String c : content) {
            if (!c.equals("audio") && !c.equals("metadata")) {
                throw filter.error("content", "lists '" + c + "'; allowed: audio, metadata");
            }
        }
        List<String> paths = PathGlobRules.check(filter, "paths");
        filter.finish();
        boolean all = content.isEmpty();
        return new LinkFilter(tenants, excludeTenants, groups, excludeGroups, since, until, all || content.contains("audio"),
                all || content.contains("metadata"), paths.isEmpty() ? List.of() : List.of(paths));
    }

    /**
     * A date, an instant or a span back from the run's start ({@code 12h}, {@code 30d}, {@code 2w}).
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static TimeBound parseBound(String text) {
        String t = text.trim();
        java.time.Duration span = RelativeTimes.parse(t);
        if (span != null) {
            return TimeBound.ago(span);
        }
        try {
            return TimeBound.at(parseInstant(t));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("expected ")) {
                throw new IllegalArgumentException("expected " + BOUND_FORMS + ", got '" + t + "'");
            }
            throw e;
        }
    }

    /**
     * False when both bounds are known to leave an empty window. A fixed and a relative bound
     * cannot be compared before a run; such a window may simply be empty on the day.
     */
    private static boolean ordered(TimeBound since, TimeBound until) {
        if (since == null || until == null || since.relative() != until.relative()) {
            return true;
        }
        // 7d ago is later than 30d ago: a relative since must reach further back than its until.
        return since.relative() ? since.ago().compareTo(until.ago()) > 0 : since.instant().isBefore(until.instant());
    }

    /**
     * {@code 2026-11-01} (UTC midnight), {@code 2026-11-01T08:30:00Z} or with an offset.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static Instant parseInstant(String text) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            if (isLocalDateTime(t)) {
                throw new IllegalArgumentException("'" + t + "' has no time zone; add Z for UTC or an offset such as"
                        + " +01:00");
            }
            throw new IllegalArgumentException("expected " + INSTANT_FORMS + ", got '" + t + "'");
        }
    }

    private static boolean isLocalDateTime(String t) {
        try {
            LocalDateTime.parse(t);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Set<String> names(Settings filter, String key) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : filter.optionalStringList(key)) {
            String problem = nameProblem(name.trim());
            if (problem != null) {
                throw filter.error(key, problem);
            }
            out.add(name.trim());
        }
        return Collections.unmodifiableSet(out);
    }

    private static Set<String> names(String option, List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String name : value.split(",", -1)) {
                String problem = nameProblem(name.trim());
                if (problem != null) {
                    throw new ConfigException(option + " '" + value + "': " + problem + "; e.g. " + option
                            + " acme or " + option + " acme,globex");
                }
                out.add(name.trim());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Tenants and groups are names without '/' (the manifest rule); a comma means a list was meant. */
    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        if (name.contains(",")) {
            return "has '" + name + "', which contains a comma; write a list: [a, b]";
        }
        if (name.contains("/") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "has '" + name + "'; names contain no '/' or control characters";
        }
        return null;
    }
}
