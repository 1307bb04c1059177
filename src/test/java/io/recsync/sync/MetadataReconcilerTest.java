package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.ConflictPolicy;
import io.recsync.sync.MetadataReconciler.Decision;
import io.recsync.sync.MetadataReconciler.Edge;
import io.recsync.sync.MetadataReconciler.Holder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataReconcilerTest {

    private static final UUID ID = UUID.fromString("0b7c3c1e-5d2a-4f7e-9c1b-2a3d4e5f6a7b");
    private static final String OLD = "0".repeat(64);
    private static final String A_EDIT = "a".repeat(64);
    private static final String B_EDIT = "b".repeat(64);
    private static final Instant EARLY = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-21T10:00:00Z");

    /** Every pair linked both ways, a before b before c (planning order). */
    private static final List<Edge> MESH = List.of(new Edge(1, 2, "a->b"), new Edge(1, 3, "a->c"), new Edge(2, 1, "b->a"),
            new Edge(2, 3, "b->c"), new Edge(3, 1, "c->a"), new Edge(3, 2, "c->b"));

    private static Holder site(long id, int priority, String sha, long version, Instant updated, String baseline) {
        return new Holder(id, String.valueOf((char) ('a' + id - 1)), priority, "t/g/x.json", sha, version, updated, baseline,
                false);
    }

    /** A site whose baseline is the version a person chose in `conflicts resolve`. */
    private static Holder decided(long id, String sha, long version, String baseline) {
        return new Holder(id, String.valueOf((char) ('a' + id - 1)), 100, "t/g/x.json", sha, version, null, baseline, true);
    }

    private static Decision decide(ConflictPolicy policy, List<Holder> holders) {
        return new MetadataReconciler(policy).decide(ID, holders, MESH);
    }

    @Test
    void anEditAtOneSiteWithoutBaselinesIsToldByItsHigherVersionAndGoesEverywhere() {
        Decision d = decide(ConflictPolicy.LOG, List.of(site(1, 100, OLD, 1, null, null), site(2, 100, A_EDIT, 2, null, null),
                site(3, 100, OLD, 1, null, null)));

        assertThat(d.disagreements()).isEmpty();
        assertThat(d.updates()).extracting(u -> u.edge().linkName()).containsExactly("b->a", "b->c");
        assertThat(d.updates()).allSatisfy(u -> assertThat(u.source().metaSha256()).isEqualTo(A_EDIT));
    }

    @Test
    void baselinesTellAnEditFromAStaleCopyWhateverTheVersionsSay() {
        // b got the edit by an earlier run (its baseline is the edit), c's copy failed: c is stale,
        // not edited, though a and c both still show version 1 for the old text.
        Decision d = decide(ConflictPolicy.LOG, List.of(site(1, 100, A_EDIT, 2, null, OLD), site(2, 100, A_EDIT, 2, null, A_EDIT),
                site(3, 100, OLD, 1, null, OLD)));

        assertThat(d.disagreements()).isEmpty();
        assertThat(d.updates()).singleElement().satisfies(u -> {
            assertThat(u.edge().linkName()).isEqualTo("a->c");
            assertThat(u.target().siteId()).isEqualTo(3);
        });
    }

    @Test
    void editsAtTwoSitesAreAConflictThatLogLeavesUntouched() {
        Decision d = decide(ConflictPolicy.LOG, List.of(site(1, 1, A_EDIT, 2, LATE, OLD), site(2, 2, B_EDIT, 2, EARLY, OLD),
                site(3, 3, OLD, 1, null, OLD)));

        assertThat(d.updates()).isEmpty();
        assertThat(d.disagreements()).singleElement().satisfies(x -> {
            assertThat(x.winner()).isNull();
            assertThat(List.of(x.first().siteId(), x.second().siteId())).containsExactly(1L, 2L);
        });
    }

    @Test
    void equalVersionsWithDifferentTextAreAConflictWhenNothingElseTells() {
        Decision d = decide(ConflictPolicy.LOG, List.of(site(1, 1, A_EDIT, 1, null, null), site(2, 2, B_EDIT, 1, null, null)));

        assertThat(d.updates()).isEmpty();
        assertThat(d.disagreements()).hasSize(1);
    }

    @Test
    void priorityPicksTheBetterSiteAndUpdatesEveryOtherCopy() {
        Decision d = decide(ConflictPolicy.PRIORITY, List.of(site(1, 5, A_EDIT, 2, EARLY, OLD), site(2, 1, B_EDIT, 2, LATE, OLD),
                site(3, 9, OLD, 1, null, OLD)));

        assertThat(d.disagreements()).singleElement().satisfies(x -> assertThat(x.winner().siteId()).isEqualTo(2));
        assertThat(d.updates()).extracting(u -> u.target().siteId()).containsExactly(1L, 3L);
        assertThat(d.updates()).allSatisfy(u -> {
            assertThat(u.source().metaSha256()).isEqualTo(B_EDIT);
            assertThat(u.keepLoserBeside()).isFalse();
        });
    }

    @Test
    void newestPicksTheLaterUpdatedAtAndATieGoesToPriority() {
        Decision later = decide(ConflictPolicy.NEWEST, List.of(site(1, 1, A_EDIT, 2, EARLY, OLD), site(2, 2, B_EDIT, 2, LATE, OLD)));
        assertThat(later.disagreements().get(0).winner().siteId()).isEqualTo(2);
        assertThat(later.updates()).singleElement().satisfies(u -> assertThat(u.target().siteId()).isEqualTo(1));

        Decision tie = decide(ConflictPolicy.NEWEST, List.of(site(1, 7, A_EDIT, 2, LATE, OLD), site(2, 3, B_EDIT, 2, LATE, OLD)));
        assertThat(tie.disagreements().get(0).winner().siteId()).isEqualTo(2);

        Decision unknown = decide(ConflictPolicy.NEWEST, List.of(site(1, 7, A_EDIT, 2, EARLY, OLD), site(2, 3, B_EDIT, 2, null, OLD)));
        assertThat(unknown.disagreements().get(0).winner().siteId()).as("a known time beats none").isEqualTo(1);
    }

    @Test
    void keepBothMarksOnlyTheConflictLosersForACopyBeside() {
        Decision d = decide(ConflictPolicy.KEEP_BOTH, List.of(site(1, 1, A_EDIT, 2, EARLY, OLD), site(2, 2, B_EDIT, 2, LATE, OLD),
                site(3, 3, OLD, 1, null, OLD)));

        assertThat(d.updates()).extracting(u -> u.target().siteId() + ":" + u.keepLoserBeside())
                .containsExactly("1:true", "3:false");
    }

    @Test
    void aPersonsDecisionGoesToEverySiteThatHasNotEditedSince() {
        // a and b disagreed; a person kept b's: both now hold it as decided. c holds the text from
        // before either edit (with or without a baseline): stale, so it gets the decision.
        for (String cBaseline : java.util.Arrays.asList(null, OLD)) {
            Decision d = decide(ConflictPolicy.LOG, List.of(decided(1, B_EDIT, 2, B_EDIT), decided(2, B_EDIT, 2, B_EDIT),
                    site(3, 100, OLD, 1, null, cBaseline)));

            assertThat(d.disagreements()).isEmpty();
            assertThat(d.updates()).singleElement().satisfies(u -> {
                assertThat(u.target().siteId()).isEqualTo(3);
                assertThat(u.source().metaSha256()).isEqualTo(B_EDIT);
                assertThat(u.keepLoserBeside()).isFalse();
            });
        }
    }

    @Test
    void aDecisionMeetsAThirdSitesOwnEditAsADisagreementNotAnOverwrite() {
        Decision d = decide(ConflictPolicy.LOG, List.of(decided(1, A_EDIT, 2, A_EDIT), decided(2, A_EDIT, 2, A_EDIT),
                site(3, 100, B_EDIT, 2, null, OLD)));

        assertThat(d.updates()).isEmpty();
        assertThat(d.disagreements()).hasSize(2).allSatisfy(x -> assertThat(x.winner()).isNull());
    }

    @Test
    void anEditOfTheDecidedVersionIsNewerThanTheDecision() {
        // a edited the decided text again before c got it: a's edit goes everywhere.
        Decision d = decide(ConflictPolicy.LOG, List.of(decided(1, "c".repeat(64), 3, A_EDIT), decided(2, A_EDIT, 2, A_EDIT),
                site(3, 100, OLD, 1, null, OLD)));

        assertThat(d.disagreements()).isEmpty();
        assertThat(d.updates()).extracting(u -> u.target().siteId()).containsExactly(2L, 3L);
    }

    @Test
    void aDifferenceSettledAsItIsMovesNothing() {
        // A read-only site a decision could not write: its baseline is its own text, so neither counts as edited.
        Decision d = decide(ConflictPolicy.PRIORITY, List.of(site(1, 1, A_EDIT, 2, null, A_EDIT), site(2, 2, B_EDIT, 2, null, B_EDIT)));

        assertThat(d.updates()).isEmpty();
        assertThat(d.disagreements()).isEmpty();
    }

    @Test
    void anUpdateTravelsOnlyAlongALinkAndOnlyFromASiteHoldingTheWinner() {
        List<Holder> holders = List.of(site(1, 1, A_EDIT, 2, null, null), site(2, 2, OLD, 1, null, null),
                site(3, 3, OLD, 1, null, null));
        // Hub a -> b only; nothing links to c (read-only, or not linked): c is left as it is.
        Decision d = new MetadataReconciler(ConflictPolicy.LOG).decide(ID, holders,
                List.of(new Edge(2, 1, "b->a"), new Edge(1, 2, "a->b")));

        assertThat(d.updates()).singleElement().satisfies(u -> assertThat(u.edge().linkName()).isEqualTo("a->b"));
    }
}
