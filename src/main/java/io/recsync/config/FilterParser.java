package io.recsync.config;

import java.time.Instant;
import java.util.List;

/** PLACEHOLDER until the config branch lands: the real parser replaces this file at merge. */
public final class FilterParser {

    private FilterParser() {}

    public static LinkFilter parse(List<String> tenants, List<String> groups, String since, String until) {
        throw new ConfigException("filters are not merged yet");
    }

    public static Instant instant(String option, String value) {
        throw new ConfigException("filters are not merged yet");
    }
}
