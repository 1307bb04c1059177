package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `topology:` expands into links; explicit links replace expanded ones; schedules tell links of a pair apart. */
class TopologyTest {

    @TempDir
    Path dir;

    /** Four sites; `archive` is read-only. Lines 1-9. */
    private static final String SITES = """
            sites:
              hq:
                connector: { type: local, root: ./hq }
              dr:
                connector: { type: local, root: ./dr }
              b1:
                connector: { type: sftp, host: b1.example }
              archive:
                connector: { type: local, root: ./archive }
                mode: ro
            """;

    private Path job(String yaml) throws Exception {
        Path p = dir.resolve("job.yml");
        Files.writeString(p, yaml);
        return p;
    }

    private JobDefinition load(String yaml) throws Exception {
        return JobLoader.load(job(yaml), Map.of());
    }

    private static List<String> names(JobDefinition job) {
        return job.links().stream().map(LinkDefinition::name).toList();
    }

    private void assertRejected(String yaml, int line, String field, String problem) throws Exception {
        Path file = job(yaml);
        assertThatThrownBy(() -> JobLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": field '" + field + "' " + problem);
    }

    @Test
    void aMeshOfFourWithOneReadOnlySiteIsNineLinksNoneIntoTheReadOnlySite() throws Exception {
        JobDefinition job = load(SITES + "topology: mesh\n");
        assertThat(names(job)).containsExactly(
                "hq->dr", "hq->b1", "dr->hq", "dr->b1", "b1->hq", "b1->dr", "archive->hq", "archive->dr", "archive->b1");
        assertThat(job.links()).allSatisfy(l -> {
            assertThat(l.origin()).isEqualTo("topology");
            assertThat(l.schedule()).isNull();
            assertThat(l.filter()).isEqualTo(LinkFilter.ALL);
        });
    }

    @Test
    void aHubLinksEachSpokeBothWaysThroughTheHub() throws Exception {
        JobDefinition job = load(SITES + """
                topology:
                  kind: hub
                  hub: hq
                  sites: [dr, b1, archive]
                  filter: { tenants: [acme] }
                  schedule: nightly
                """);
        assertThat(names(job)).containsExactly("dr->hq", "hq->dr", "b1->hq", "hq->b1", "archive->hq");
        assertThat(job.links()).allSatisfy(l -> {
            assertThat(l.schedule()).isEqualTo(Schedule.NIGHTLY);
            assertThat(l.filter().tenants()).isEqualTo(Set.of("acme"));
        });
    }

    @Test
    void twoWayJoinsTheTwoNamedSites() throws Exception {
        JobDefinition job = load(SITES + "topology: { kind: two-way, sites: [hq, dr] }\n");
        assertThat(names(job)).containsExactly("hq->dr", "dr->hq");
        String two = "sites:\n  hq:\n    connector: { type: local, root: ./hq }\n  dr:\n    connector: { type: local, root: ./dr }\n";
        assertThat(names(load(two + "topology: two-way\n"))).containsExactly("hq->dr", "dr->hq");
    }

    @Test
    void anExplicitLinkReplacesTheExpandedOneOfTheSamePairAndSchedule() throws Exception {
        JobDefinition job = load(SITES + """
                topology: mesh
                links:
                  - from: hq
                    to: b1
                    filter: { content: [audio] }
                  - from: hq
                    to: dr
                    schedule: hourly
                    filter: { content: [metadata] }
                """);
        assertThat(job.links()).hasSize(10);
        LinkDefinition narrowed = job.links().stream().filter(l -> l.name().equals("hq->b1")).findFirst().orElseThrow();
        assertThat(narrowed.origin()).isEqualTo("links[0]");
        assertThat(narrowed.filter().metadata()).isFalse();
        assertThat(job.links().get(1)).as("it keeps the expanded link's place").isSameAs(narrowed);
        // A different schedule is a second link of the pair, not a replacement: both get distinct names.
        assertThat(names(job)).contains("hq->dr", "hq->dr@hourly").doesNotContain("dr->hq@hourly");
        LinkDefinition hourly = job.links().stream().filter(l -> l.name().equals("hq->dr@hourly")).findFirst().orElseThrow();
        assertThat(hourly.origin()).isEqualTo("links[1]");
        assertThat(hourly.schedule()).isEqualTo(Schedule.HOURLY);
    }

    @Test
    void twoLinksOfAPairAreAllowedWhenTheirSchedulesDiffer() throws Exception {
        JobDefinition job = load(SITES + """
                links:
                  - { from: hq, to: dr, schedule: continuous, filter: { content: [audio] } }
                  - { from: hq, to: dr, schedule: hourly, filter: { content: [metadata] } }
                  - { from: dr, to: hq }
                """);
        assertThat(names(job)).containsExactly("hq->dr@continuous", "hq->dr@hourly", "dr->hq");
        assertRejected(SITES + """
                links:
                  - { from: hq, to: dr, schedule: hourly }
                  - { from: hq, to: dr, schedule: hourly, filter: { tenants: [acme] } }
                """, 13, "links[1]", "repeats links[0] (hq -> dr, schedule hourly)");
        assertRejected(SITES + "links:\n  - { from: hq, to: dr, schedule: weekly }\n", 12, "links[0].schedule",
                "must be one of continuous, hourly, nightly, got 'weekly'");
    }

    @Test
    void aScheduledRunTakesOnlyItsLinks() throws Exception {
        JobDefinition job = load(SITES + """
                links:
                  - { from: hq, to: dr, schedule: continuous, filter: { content: [audio] } }
                  - { from: hq, to: dr, schedule: hourly, filter: { content: [metadata] } }
                  - { from: dr, to: hq }
                """);
        assertThat(names(job.withSchedule(Schedule.HOURLY))).containsExactly("hq->dr@hourly");
        assertThatThrownBy(() -> job.withSchedule(Schedule.NIGHTLY)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--schedule nightly selects no link")
                .hasMessageContaining("(the links' schedules: continuous, hourly, none)");
    }

    @Test
    void topologyErrorsNameFileLineAndField() throws Exception {
        assertRejected(SITES + "topology: star\n", 11, "topology", "must be one of mesh, two-way, hub, got 'star'");
        assertRejected(SITES + "topology: hub\n", 11, "topology", "is hub, which needs the hub site");
        assertRejected(SITES + "topology:\n  kind: hub\n  hub: hq2\n", 13, "topology.hub", "names no site of this job: 'hq2'");
        assertRejected(SITES + "topology:\n  kind: hub\n", 11, "topology.hub", "is required for kind: hub");
        assertRejected(SITES + "topology:\n  kind: mesh\n  hub: hq\n", 13, "topology.hub", "applies to kind: hub only");
        assertRejected(SITES + "topology: two-way\n", 11, "topology", "gives two-way 4 sites");
        assertRejected(SITES + "topology:\n  kind: two-way\n  sites: [hq, dr, b1]\n", 13, "topology.sites",
                "gives two-way 3 sites (hq, dr, b1)");
        assertRejected(SITES + "topology:\n  kind: mesh\n  sites: [hq, branch9]\n", 13, "topology.sites",
                "names no site of this job: 'branch9'");
        assertRejected(SITES + "topology:\n  kind: mesh\n  sites: [hq]\n", 13, "topology.sites",
                "gives the topology 1 site(s) (hq); a topology needs at least two sites");
        assertRejected(SITES + "topology:\n  kind: mesh\n  schedule: weekly\n", 13, "topology.schedule",
                "must be one of continuous, hourly, nightly");
        assertRejected(SITES + "topology:\n  kind: mesh\n  sites: [hq, dr]\n  filters: {}\n", 14, "topology.filters",
                "is not a known field; did you mean 'filter'?");
        assertRejected(SITES + "topology:\n  sites: [hq, dr]\n", 11, "topology.kind", "is required");
        assertRejected(SITES + "topology:\n  kind: mesh\n  sites: [archive, hq]\n  filter: { since: 2026-13-01 }\n", 14,
                "topology.filter.since", "");
    }

    @Test
    void aTopologyThatCanWriteNowhereIsRefused() throws Exception {
        String roPair = SITES.replace("connector: { type: local, root: ./dr }", "connector: { type: local, root: ./dr }\n    mode: ro");
        assertRejected(roPair + "topology: { kind: two-way, sites: [dr, archive] }\n", 12, "topology", "generates no link");
    }
}
