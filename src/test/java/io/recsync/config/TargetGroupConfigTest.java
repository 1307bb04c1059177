package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code to:} as a target group: expanded into one link per member, every mistake named at its field. */
class TargetGroupConfigTest {

    @TempDir
    Path dir;

    private JobDefinition load(String links) throws Exception {
        Path job = dir.resolve("groups.yml");
        StringBuilder sites = new StringBuilder("sites:\n");
        for (String s : List.of("hq", "dr1", "dr2", "cold", "ro")) {
            sites.append("  ").append(s).append(":\n    connector: { type: local, root: ./").append(s).append(" }\n");
        }
        sites.append("    mode: ro\n");
        Files.writeString(job, sites + "links:\n" + links);
        return JobLoader.load(job, Map.of());
    }

    @Test
    void aGroupBecomesOneLinkPerMemberEachCarryingTheGroup() throws Exception {
        JobDefinition job = load("  - from: hq\n    to: [ { site: dr1, priority: 10, weight: 60 }, { site: dr2, priority: 10,"
                + " weight: 40 }, { site: cold, priority: 20 } ]\n    filter: { tenants: [acme] }\n");
        assertThat(job.links()).extracting(LinkDefinition::name).containsExactly("hq->dr1", "hq->dr2", "hq->cold");
        TargetGroup g = job.links().get(0).group();
        assertThat(g.name()).isEqualTo("hq->[dr1,dr2,cold]");
        assertThat(g.members()).containsExactly(new TargetGroup.Member("dr1", 10, 60), new TargetGroup.Member("dr2", 10, 40),
                new TargetGroup.Member("cold", 20, TargetGroup.DEFAULT_WEIGHT));
        assertThat(g.bestPriority()).isEqualTo(10);
        assertThat(job.links()).allSatisfy(l -> {
            assertThat(l.group()).isSameAs(g);
            assertThat(l.filter().tenants()).containsExactly("acme");
        });
    }

    @Test
    void releaseIsAGroupsAndRefusedOnAPlainLink() throws Exception {
        assertThat(load("  - { from: hq, to: [ { site: dr1 }, { site: cold, priority: 20 } ], release: true }\n").links()
                .get(0).group().release()).isTrue();
        assertThat(load("  - { from: hq, to: [ { site: dr1 }, { site: cold, priority: 20 } ] }\n").links()
                .get(0).group().release()).isFalse();
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: cold } ], release: maybe }\n"))
                .hasMessageContaining("groups.yml:").hasMessageContaining("links[0].release").hasMessageContaining("true or false");
        assertThatThrownBy(() -> load("  - from: hq\n    to: dr1\n    release: true\n"))
                .hasMessageContaining("groups.yml:16").hasMessageContaining("links[0].release")
                .hasMessageContaining("target group only");
    }

    @Test
    void priorityAndWeightDefault() throws Exception {
        TargetGroup g = load("  - { from: hq, to: [ { site: dr1 }, { site: dr2 } ] }\n").links().get(0).group();
        assertThat(g.members()).allSatisfy(m -> {
            assertThat(m.priority()).isEqualTo(TargetGroup.DEFAULT_PRIORITY);
            assertThat(m.weight()).isEqualTo(TargetGroup.DEFAULT_WEIGHT);
        });
    }

    @Test
    void mistakesAreNamedAtTheirField() {
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1, wieght: 3 }, { site: dr2 } ] }\n"))
                .hasMessageContaining("groups.yml:").hasMessageContaining("links[0].to[0].wieght")
                .hasMessageContaining("did you mean 'weight'");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1, weight: 0 }, { site: dr2 } ] }\n"))
                .hasMessageContaining("links[0].to[0].weight").hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1, priority: high }, { site: dr2 } ] }\n"))
                .hasMessageContaining("links[0].to[0].priority").hasMessageContaining("whole number");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 } ] }\n"))
                .hasMessageContaining("links[0].to").hasMessageContaining("at least two");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: dr1 } ] }\n"))
                .hasMessageContaining("links[0].to[1].site").hasMessageContaining("second time");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: nowhere } ] }\n"))
                .hasMessageContaining("links[0].to[1].site").hasMessageContaining("names no site");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: ro } ] }\n"))
                .hasMessageContaining("links[0].to[1].site").hasMessageContaining("read-only");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: hq } ] }\n"))
                .hasMessageContaining("links[0].to[1].site").hasMessageContaining("same site as 'from'");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ dr1, dr2 ] }\n"))
                .hasMessageContaining("links[0].to[0]").hasMessageContaining("{ site: dr1, priority: 10, weight: 60 }");
        assertThatThrownBy(() -> load("  - { from: hq, to: [ { site: dr1 }, { site: dr2 } ] }\n  - { from: hq, to: dr1 }\n"))
                .hasMessageContaining("links[1]").hasMessageContaining("repeats links[0]");
    }
}
