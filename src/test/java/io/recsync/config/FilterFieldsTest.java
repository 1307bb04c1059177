package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter fields beyond include lists and fixed dates: exclusions, relative windows, path globs. */
class FilterFieldsTest {

    @TempDir
    Path dir;

    private static final String LINK = """
            sites:
              hq:
                connector: { type: local, root: ./hq }
              dr:
                connector: { type: local, root: ./dr }
            links:
              - from: hq
                to: dr
                filter:
            """;

    private Path job(String filterLines) throws Exception {
        Path p = dir.resolve("nightly.yml");
        Files.writeString(p, LINK + filterLines);
        return p;
    }

    private LinkFilter load(String filterLines) throws Exception {
        return JobLoader.load(job(filterLines), Map.of()).links().get(0).filter();
    }

    private void assertRejected(String filterLines, int line, String field, String problem) throws Exception {
        Path file = job(filterLines);
        assertThatThrownBy(() -> JobLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": field 'links[0].filter." + field + "' " + problem);
    }

    @Test
    void readsEveryNewField() throws Exception {
        LinkFilter f = load("""
                      tenants: [acme, globex]
                      excludeTenants: [globex]
                      excludeGroups: [hr, legal]
                      since: 30d
                      until: 12h
                      paths: ["acme/**", "*/support/**"]
                """);
        assertThat(f.tenants()).containsExactly("acme", "globex");
        assertThat(f.excludeTenants()).containsExactly("globex");
        assertThat(f.groups()).isEmpty();
        assertThat(f.excludeGroups()).containsExactly("hr", "legal");
        assertThat(f.since()).isEqualTo(TimeBound.ago(Duration.ofDays(30)));
        assertThat(f.until()).isEqualTo(TimeBound.ago(Duration.ofHours(12)));
        assertThat(f.paths()).containsExactly(List.of("acme/**", "*/support/**"));
        assertThat(f.relative()).isTrue();
    }

    @Test
    void relativeFormsAreHoursDaysAndWeeks() {
        assertThat(FilterParser.parseBound("12h")).isEqualTo(TimeBound.ago(Duration.ofHours(12)));
        assertThat(FilterParser.parseBound("30d")).isEqualTo(TimeBound.ago(Duration.ofDays(30)));
        assertThat(FilterParser.parseBound("2w")).isEqualTo(TimeBound.ago(Duration.ofDays(14)));
        assertThat(FilterParser.parseBound("2026-11-01")).isEqualTo(TimeBound.at(Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(FilterParser.parseBound("30d").toString()).isEqualTo("30d");
        assertThat(FilterParser.parseBound("36h").toString()).isEqualTo("36h");
    }

    @Test
    void aRelativeWindowResolvesAgainstEachRunsStartNotAtLoad() throws Exception {
        LinkFilter loaded = load("      since: 30d\n      until: 1d\n");
        Instant monday = Instant.parse("2026-11-30T02:00:00Z");
        Instant tuesday = Instant.parse("2026-12-01T02:00:00Z");
        LinkFilter first = loaded.resolvedAt(monday);
        LinkFilter second = loaded.resolvedAt(tuesday);
        assertThat(first.sinceInstant()).isEqualTo(Instant.parse("2026-10-31T02:00:00Z"));
        assertThat(first.untilInstant()).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(second.sinceInstant()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(loaded.relative()).as("the loaded filter itself stays relative").isTrue();
        assertThatThrownBy(() -> loaded.and(LinkFilter.ALL)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCommandLineTakesRelativeSince() {
        LinkFilter cli = FilterParser.parse(List.of(), List.of(), "7d", null);
        assertThat(cli.since()).isEqualTo(TimeBound.ago(Duration.ofDays(7)));
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of(), "7x", null))
                .hasMessageStartingWith("--since: expected a date such as 2026-11-01 (midnight UTC), an instant such as"
                        + " 2026-11-01T08:30:00Z, or a span back from the start of the run such as 12h, 30d or 2w");
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of(), "1d", "7d"))
                .hasMessageStartingWith("--until 7d must be later than --since 1d");
    }

    @Test
    void combiningWithTheCommandLineUnitesExclusionsAndKeepsBothPathLists() {
        Instant start = Instant.parse("2026-11-30T00:00:00Z");
        LinkFilter job = new LinkFilter(Set.of("acme", "globex"), Set.of("initech"), Set.of(), Set.of("hr"),
                TimeBound.ago(Duration.ofDays(30)), null, true, true, List.of(List.of("acme/**", "globex/**")));
        LinkFilter cli = new LinkFilter(Set.of("acme"), Set.of("umbrella"), Set.of(), Set.of("legal"),
                TimeBound.at(Instant.parse("2026-11-20T00:00:00Z")), TimeBound.ago(Duration.ofDays(1)), true, true,
                List.of(List.of("*/support/**")));
        LinkFilter both = job.resolvedAt(start).and(cli.resolvedAt(start));
        assertThat(both.tenants()).containsExactly("acme");
        assertThat(both.excludeTenants()).containsExactlyInAnyOrder("initech", "umbrella");
        assertThat(both.excludeGroups()).containsExactlyInAnyOrder("hr", "legal");
        assertThat(both.sinceInstant()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(both.untilInstant()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(both.paths()).containsExactly(List.of("acme/**", "globex/**"), List.of("*/support/**"));
    }

    @Test
    void badValuesAreRefusedWithTheirLineAndTheAcceptedForms() throws Exception {
        assertRejected("      since: 30x\n", 10, "since", "expected a date such as 2026-11-01 (midnight UTC), an instant"
                + " such as 2026-11-01T08:30:00Z, or a span back from the start of the run such as 12h, 30d or 2w"
                + " (hours, days, weeks), got '30x'");
        assertRejected("      since: 0d\n", 10, "since", "'0d' is no span; give at least 1");
        assertRejected("      since: 7d\n      until: 30d\n", 11, "until", "(30d) must be later than since (7d)");
        assertRejected("      excludeTenants: [a/b]\n", 10, "excludeTenants", "has 'a/b'");
        assertRejected("      excludeGroups: sales, hr\n", 10, "excludeGroups", "has 'sales, hr', which contains a comma");
        assertRejected("      paths: []\n", 10, "paths", "is empty");
        assertRejected("      paths: [\"/acme/**\"]\n", 10, "paths", "has '/acme/**': paths are relative to the site root");
        assertRejected("      paths: [\"acme\\\\x\"]\n", 10, "paths", "has 'acme\\x': paths are '/'-separated");
        assertRejected("      paths: [\"acme/\"]\n", 10, "paths", "has 'acme/': has an empty segment");
        assertRejected("      paths: [\"../x/**\"]\n", 10, "paths", "has '../x/**': has a '..' segment");
        assertRejected("      exclude: [acme]\n", 10, "exclude", "is not a known field Fields allowed here: tenants, excludeTenants");
    }
}
