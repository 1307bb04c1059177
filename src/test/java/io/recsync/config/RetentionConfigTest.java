package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retention: under a site, purgeAfter:, legalHold: and purgeAlarm: in a job (README "Evidence"). */
class RetentionConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void profiles() throws Exception {
        Files.writeString(dir.resolve("hq.yml"), "type: local\nroot: ./hq\n");
        Files.writeString(dir.resolve("dr.yml"), "type: local\nroot: ./dr\n");
    }

    private JobDefinition load(String sites, String rest) throws Exception {
        Path p = dir.resolve("job.yml");
        Files.writeString(p, "name: j\nsites:\n" + sites + "links:\n  - { from: hq, to: dr }\n" + rest);
        return JobLoader.load(p, Map.of());
    }

    static final String PLAIN = "  hq: { connector: hq.yml }\n  dr: { connector: dr.yml }\n";

    @Test
    void periodsAreCalendarSpans() {
        Instant leap = Instant.parse("2020-02-29T12:00:00Z");
        assertThat(RetentionPeriod.parse("7y").after(leap)).isEqualTo(Instant.parse("2027-02-28T12:00:00Z"));
        assertThat(RetentionPeriod.parse("18m").after(leap)).isEqualTo(Instant.parse("2021-08-29T12:00:00Z"));
        assertThat(RetentionPeriod.parse("2w").before(leap)).isEqualTo(Instant.parse("2020-02-15T12:00:00Z"));
        assertThat(RetentionPeriod.parse(" 90D ").toString()).isEqualTo("90d");
        assertThatThrownBy(() -> RetentionPeriod.parse("7 years")).hasMessageContaining("7y, 18m, 12w or 90d");
        assertThatThrownBy(() -> RetentionPeriod.parse("0d")).hasMessageContaining("keeps nothing");
    }

    @Test
    void theMostSpecificRetentionRuleDecides() throws Exception {
        JobDefinition job = load("  hq: { connector: hq.yml }\n  dr:\n    connector: dr.yml\n    retention: { default: 5y,"
                + " acme: 7y, acme/support: 10y, \"*/sales\": 1y }\n", "");
        Retention r = job.site("dr").retention();
        assertThat(r.ruleFor("acme", "support").key()).isEqualTo("acme/support");
        assertThat(r.ruleFor("acme", "sales").key()).isEqualTo("*/sales");
        assertThat(r.ruleFor("acme", "billing").key()).isEqualTo("acme");
        assertThat(r.ruleFor("globex", "billing").key()).isEqualTo("default");
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(r.expired("globex", "x", Instant.parse("2021-11-30T00:00:00Z"), at)).isTrue();
        assertThat(r.expired("acme", "x", Instant.parse("2021-11-30T00:00:00Z"), at)).isFalse();
        assertThat(job.site("hq").retention().isEmpty()).isTrue();
        assertThat(Retention.NONE.expired("a", "b", Instant.EPOCH, at)).isFalse();
    }

    @Test
    void badRetentionNamesTheField() {
        assertThatThrownBy(() -> load("  hq: { connector: hq.yml }\n  dr: { connector: dr.yml, retention: { acme: 7 } }\n",
                "")).hasMessageContaining("job.yml:").hasMessageContaining("sites.dr.retention.acme")
                .hasMessageContaining("7y, 18m, 12w or 90d");
        assertThatThrownBy(() -> load("  hq: { connector: hq.yml }\n  dr: { connector: dr.yml, retention: { \"acme/\": 7y } }\n",
                "")).hasMessageContaining("is not a retention key");
        assertThatThrownBy(() -> load("  hq: { connector: hq.yml, purgeAfter: soon }\n  dr: { connector: dr.yml }\n", ""))
                .hasMessageContaining("sites.hq.purgeAfter");
    }

    @Test
    void legalHoldTakesIdsAFileAndSelections() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Files.writeString(dir.resolve("holds.txt"), "# matter 17\n" + b + "  # the supervisor's call\n\n");
        JobDefinition job = load(PLAIN, "legalHold:\n  ids: [" + a + "]\n  file: holds.txt\n  select:\n"
                + "    - { tenant: acme, since: 2026-01-01, until: 2026-02-01 }\npurgeAlarm: 3d\n");
        LegalHold h = job.retention().legalHold();
        assertThat(h.ids()).containsEntry(a, "legalHold.ids[0]").containsEntry(b, "holds.txt:2");
        assertThat(h.selections()).singleElement().satisfies(s -> {
            assertThat(s.covers("acme", "x", Instant.parse("2026-01-15T00:00:00Z"))).isTrue();
            assertThat(s.covers("acme", "x", Instant.parse("2026-02-01T00:00:00Z"))).isFalse();
            assertThat(s.covers("globex", "x", Instant.parse("2026-01-15T00:00:00Z"))).isFalse();
        });
        assertThat(job.retention().purgeAlarm()).isEqualTo(Duration.ofDays(3));

        assertThat(load(PLAIN, "legalHold: [" + a + "]\n").retention().legalHold().ids()).containsOnlyKeys(a);
        assertThat(load(PLAIN, "").retention()).isEqualTo(RetentionSettings.NONE);
    }

    @Test
    void badLegalHoldsSayWhatToDo() throws Exception {
        assertThatThrownBy(() -> load(PLAIN, "legalHold: [not-an-id]\n")).hasMessageContaining("legalHold")
                .hasMessageContaining("'not-an-id' is not a recording id");
        Files.writeString(dir.resolve("holds.txt"), UUID.randomUUID() + "\nnope\n");
        assertThatThrownBy(() -> load(PLAIN, "legalHold: { file: holds.txt }\n")).hasMessageContaining("holds.txt:2")
                .hasMessageContaining("one id per line");
        assertThatThrownBy(() -> load(PLAIN, "legalHold: { file: missing.txt }\n")).hasMessageContaining("legalHold.file")
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> load(PLAIN, "legalHold: { select: [ {} ] }\n")).hasMessageContaining("selects every recording");
        assertThatThrownBy(() -> load(PLAIN, "legalHold: { selct: [] }\n")).hasMessageContaining("did you mean 'select'");
    }
}
