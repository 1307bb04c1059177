package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.TargetGroup;
import io.recsync.config.TargetGroup.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The weighted rendezvous choice of a target group's member: stable, proportional, minimal movement. */
class RendezvousTest {

    private static final int N = 100_000;

    private static List<String> ids(int n, long seed) {
        Random r = new Random(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new UUID(r.nextLong(), r.nextLong()).toString()).toList();
    }

    private static TargetGroup group(Member... members) {
        return new TargetGroup("hq", "hq->[...]", List.of(members));
    }

    private static Map<String, Integer> counts(List<String> ids, List<Member> members) {
        Map<String, Integer> n = new HashMap<>();
        ids.forEach(id -> n.merge(Rendezvous.pick(id, members), 1, Integer::sum));
        return n;
    }

    @Test
    void theChoiceDependsOnlyOnTheIdAndTheMembersNotOnTheirOrder() {
        List<Member> members = List.of(new Member("dr1", 10, 60), new Member("dr2", 10, 40), new Member("dr3", 10, 5));
        List<Member> reversed = List.of(members.get(2), members.get(1), members.get(0));
        for (String id : ids(10_000, 1)) {
            String first = Rendezvous.pick(id, members);
            assertThat(Rendezvous.pick(id, members)).isEqualTo(first);
            assertThat(Rendezvous.pick(id, reversed)).isEqualTo(first);
        }
        // Pinned: a JVM, a machine or a later version of recsync must choose as this one did.
        assertThat(Rendezvous.unit("0b7c3c1e-0000-4000-8000-000000000001", "dr1"))
                .isEqualTo(Rendezvous.unit("0b7c3c1e-0000-4000-8000-000000000001", "dr1")).isBetween(0.0, 1.0);
    }

    @Test
    void sharesFollowTheWeights() {
        Map<String, Integer> n = counts(ids(N, 2), List.of(new Member("dr1", 10, 60), new Member("dr2", 10, 40)));
        assertThat(n.get("dr1") / (double) N).isCloseTo(0.60, org.assertj.core.data.Offset.offset(0.01));
        Map<String, Integer> three = counts(ids(N, 3), List.of(new Member("a", 10, 1), new Member("b", 10, 2),
                new Member("c", 10, 7)));
        assertThat(three.get("a") / (double) N).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.01));
        assertThat(three.get("b") / (double) N).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.01));
        assertThat(three.get("c") / (double) N).isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void addingASiteMovesOnlyItsShareAndOnlyToIt() {
        List<String> ids = ids(N, 4);
        List<Member> three = List.of(new Member("a", 10, 1), new Member("b", 10, 1), new Member("c", 10, 1));
        List<Member> four = List.of(three.get(0), three.get(1), three.get(2), new Member("d", 10, 1));
        int moved = 0;
        for (String id : ids) {
            String before = Rendezvous.pick(id, three);
            String after = Rendezvous.pick(id, four);
            if (!before.equals(after)) {
                moved++;
                assertThat(after).as("a recording that moves, moves to the new site").isEqualTo("d");
            }
        }
        assertThat(moved / (double) N).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void preferredIsTheBestPriorityWhateverIsReachableAndPlacedFallsBackInOrder() {
        TargetGroup g = group(new Member("dr1", 10, 60), new Member("dr2", 10, 40), new Member("cold", 20, 1));
        int toDr2WhileDr1Down = 0;
        for (String id : ids(2_000, 5)) {
            Rendezvous.Choice all = Rendezvous.choose(g, id, Set.of("dr1", "dr2", "cold"));
            assertThat(all.placed()).isEqualTo(all.preferred()).isIn("dr1", "dr2");
            assertThat(all.fallback()).isFalse();

            Rendezvous.Choice dr1Down = Rendezvous.choose(g, id, Set.of("dr2", "cold"));
            assertThat(dr1Down.preferred()).as("owed to the same member while it is down").isEqualTo(all.preferred());
            assertThat(dr1Down.placed()).as("the same priority first, never cold while dr2 answers").isEqualTo("dr2");
            if (all.preferred().equals("dr1")) {
                toDr2WhileDr1Down++;
                assertThat(dr1Down.fallback()).isTrue();
            } else {
                assertThat(dr1Down.fallback()).as("dr2's own recordings stay put").isFalse();
            }

            Rendezvous.Choice tierDown = Rendezvous.choose(g, id, Set.of("cold"));
            assertThat(tierDown.placed()).isEqualTo("cold");
            assertThat(tierDown.fallback()).isTrue();

            assertThat(Rendezvous.choose(g, id, Set.of()).placed()).isNull();
        }
        assertThat(toDr2WhileDr1Down).isBetween(1100, 1300);
    }
}
