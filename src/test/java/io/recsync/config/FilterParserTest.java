package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    @Test
    void readsCommandLineOptions() {
        LinkFilter f = FilterParser.parse(List.of("acme,globex", "initech"), List.of("support"), "2026-11-01",
                "2026-11-08T12:00:00Z");
        assertThat(f.tenants()).containsExactly("acme", "globex", "initech");
        assertThat(f.groups()).containsExactly("support");
        assertThat(f.since()).isEqualTo(TimeBound.at(Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(f.until()).isEqualTo(TimeBound.at(Instant.parse("2026-11-08T12:00:00Z")));
        assertThat(f.audio()).isTrue();
        assertThat(f.metadata()).isTrue();
    }

    @Test
    void noOptionsMeansEverything() {
        assertThat(FilterParser.parse(List.of(), null, null, null)).isEqualTo(LinkFilter.ALL);
    }

    @Test
    void acceptsOffsetsAndRefusesZonelessTimes() {
        assertThat(FilterParser.instant("--since", "2026-11-01T09:30:00+01:00")).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));
        assertThatThrownBy(() -> FilterParser.instant("--since", "2026-11-01T09:30")).isInstanceOf(ConfigException.class)
                .hasMessage("--since: '2026-11-01T09:30' has no time zone; add Z for UTC or an offset such as +01:00");
    }

    @Test
    void errorsNameTheOption() {
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of(), "yesterday", null))
                .hasMessage("--since: expected a date such as 2026-11-01 (midnight UTC), an instant such as"
                        + " 2026-11-01T08:30:00Z, or a span back from the start of the run such as 12h, 30d or 2w"
                        + " (hours, days, weeks), got 'yesterday'");
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of(), null, "2026-02-30"))
                .hasMessageStartingWith("--until: expected a date");
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of(), "2026-11-08", "2026-11-01"))
                .hasMessage("--until 2026-11-01 must be later than --since 2026-11-08 (--since is inclusive, --until exclusive)");
        assertThatThrownBy(() -> FilterParser.parse(List.of("acme,"), List.of(), null, null))
                .hasMessageStartingWith("--tenant 'acme,': has an empty name");
        assertThatThrownBy(() -> FilterParser.parse(List.of(), List.of("a/b"), null, null))
                .hasMessageStartingWith("--group 'a/b': has 'a/b'");
    }

    @Test
    void narrowsAJobFilter() {
        LinkFilter job = new LinkFilter(java.util.Set.of("acme", "globex"), java.util.Set.of(), null, null, true, true);
        LinkFilter cli = FilterParser.parse(List.of("acme"), List.of(), "2026-11-01", null);
        assertThat(job.and(cli).tenants()).containsExactly("acme");
        assertThat(job.and(cli).sinceInstant()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }
}
