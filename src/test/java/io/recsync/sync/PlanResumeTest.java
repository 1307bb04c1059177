package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.FilterParser;
import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.config.LinkFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a plan is checked against before it is resumed: every filter field narrowed or widened,
 * a link removed, a site turned read-only, the policy or the command line's filter changed is a
 * difference (named), and writing the same job another way is none.
 */
class PlanResumeTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "|filter: { tenants: [acme] }|tenants=acme",
        "filter: { tenants: [acme] }|filter: { tenants: [acme, globex] }|tenants=acme -> filter tenants=acme,globex",
        "|filter: { excludeTenants: [globex] }|excludeTenants=globex",
        "filter: { excludeTenants: [globex, initech] }|filter: { excludeTenants: [globex] }|excludeTenants",
        "filter: { groups: [support, sales] }|filter: { groups: [support] }|groups=support",
        "filter: { groups: [support] }|filter: { groups: [support, sales] }|groups=sales,support",
        "|filter: { excludeGroups: [billing] }|excludeGroups=billing",
        "filter: { excludeGroups: [billing] }||filter all",
        "|filter: { since: 2026-11-11 }|since=2026-11-11",
        "filter: { since: 2026-11-11 }|filter: { since: 2026-11-01 }|since=2026-11-01",
        "filter: { since: 30d }|filter: { since: 60d }|since=60d",
        "|filter: { until: 2026-11-20 }|until=2026-11-20",
        "filter: { until: 2026-11-20 }||filter all",
        "|filter: { content: [audio] }|content=audio",
        "filter: { content: [metadata] }||filter all",
        "|filter: { paths: [\"acme/**\"] }|paths=acme/**",
    })
    void everyFilterFieldNarrowedOrWidenedIsAChange(String before, String after, String named) throws Exception {
        String changed = PlanResume.differences(definition(job(link(before), "rw")), definition(job(link(after), "rw")));
        assertThat(changed).isNotNull().startsWith("link hq->dr: ").contains(named);
    }

    @Test
    void theSameJobWrittenAnotherWayIsNoChange() throws Exception {
        Map<String, String> a = definition(job(link("filter: { tenants: [acme, globex], groups: [sales, support] }"), "rw"));
        Map<String, String> b = definition(job(link("filter: { groups: [support, sales], tenants: [globex, acme] }"), "rw"));
        assertThat(PlanResume.differences(a, b)).isNull();
    }

    @Test
    void aRemovedLinkASiteTurnedReadOnlyAPolicyAndTheCommandLineAreChanges() throws Exception {
        String both = "  - { from: hq, to: dr }\n  - { from: dr, to: hq }\n";
        Map<String, String> twoWay = definition(job(both, "rw"));
        Map<String, String> oneWay = definition(job("  - { from: dr, to: hq }\n", "rw"));
        assertThat(PlanResume.differences(twoWay, oneWay)).isEqualTo("link hq->dr removed");

        Map<String, String> readOnly = definition(job("  - { from: hq, to: dr }\n", "ro"));
        assertThat(PlanResume.differences(definition(job("  - { from: hq, to: dr }\n", "rw")), readOnly))
                .isEqualTo("site hq: mode rw -> mode ro");

        JobDefinition plain = job("  - { from: hq, to: dr }\n", "rw");
        Path newest = tmp.resolve("newest.yml");
        Files.writeString(newest, Files.readString(tmp.resolve("job.yml")) + "conflicts: { policy: newest }\n");
        assertThat(PlanResume.differences(definition(plain), definition(JobLoader.load(newest, Map.of()))))
                .startsWith("conflict policy: ");

        LinkFilter acme = FilterParser.parse(java.util.List.of("acme"), java.util.List.of(), null, null);
        Map<String, String> narrowed = PlanResume.definition(plain, new SyncOptions(acme, false, false, "sync"), s -> s);
        assertThat(PlanResume.differences(definition(plain), narrowed)).startsWith("command-line filter: ")
                .contains("tenants=acme");
    }

    private static String link(String filter) {
        return "  - { from: hq, to: dr" + (filter == null || filter.isBlank() ? "" : ", " + filter) + " }\n";
    }

    private JobDefinition job(String links, String hqMode) throws Exception {
        Path file = tmp.resolve("job.yml");
        Files.writeString(file, """
                name: nightly
                sites:
                  hq: { connector: { type: local, root: ./hq }, mode: %s }
                  dr: { connector: { type: local, root: ./dr } }
                links:
                %s""".formatted(hqMode, links));
        return JobLoader.load(file, Map.of());
    }

    private static Map<String, String> definition(JobDefinition job) {
        return PlanResume.definition(job, SyncOptions.defaults(), site -> "local:/" + site);
    }
}
