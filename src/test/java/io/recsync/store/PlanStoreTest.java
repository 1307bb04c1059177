package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.LinkFilter;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL diff on a real (H2) database: what gets planned, what becomes a conflict. */
class PlanStoreTest {

    @TempDir
    Path dir;

    StateDatabase db;
    ManifestIndex index;
    PlanStore plans;
    TransferItemStore items;
    long a;
    long b;

    @BeforeEach
    void open() {
        db = StoreFixture.open(dir);
        index = new ManifestIndex(db.jdbc());
        plans = new PlanStore(db.jdbc(), db.dialect());
        items = new TransferItemStore(db.jdbc());
        SiteStore sites = new SiteStore(db.jdbc());
        a = sites.idFor("job", "a", "local:/a");
        b = sites.idFor("job", "b", "local:/b");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void plansExactlyWhatTheTargetLacksOncePerTarget() {
        Instant t = Instant.parse("2026-11-10T10:00:00Z");
        List<Recording> source = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            source.add(StoreFixture.recording(i, i % 2 == 0 ? "acme" : "globex", "support", t.plusSeconds(i * 3600L), true));
        }
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, source);
        index.upsert(b, 1, ManifestIndex.Origin.SCAN, source.subList(0, 20));

        int planned = plans.planMissing(new PlanStore.LinkScope(7, "a->b", a, b, LinkFilter.ALL));
        assertThat(planned).isEqualTo(30);
        assertThat(items.countPending(7)).isEqualTo(30);
        List<TransferItem> page = items.pendingAfter(7, 0, 100);
        assertThat(page).extracting(ti -> ti.recording().id())
                .containsExactlyInAnyOrderElementsOf(source.subList(20, 50).stream().map(Recording::id).toList());
        assertThat(page.get(0).recording()).isEqualTo(source.stream()
                .filter(r -> r.id().equals(page.get(0).recording().id())).findFirst().orElseThrow());

        // Planning the same link again (a restarted plan step) adds nothing.
        assertThat(plans.planMissing(new PlanStore.LinkScope(7, "a->b", a, b, LinkFilter.ALL))).isZero();
    }

    @Test
    void filtersNarrowThePlan() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        List<Recording> source = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            source.add(StoreFixture.recording(i, i % 2 == 0 ? "acme" : "globex", i % 4 < 2 ? "sales" : "support",
                    t.plusSeconds(i * 86400L / 4), false));
        }
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, source);
        Instant since = t.plusSeconds(86400L * 2);
        Instant until = t.plusSeconds(86400L * 6);
        LinkFilter f = new LinkFilter(Set.of("acme"), Set.of("sales"), since, until, true, true);
        plans.planMissing(new PlanStore.LinkScope(8, "a->b", a, b, f));
        long expected = source.stream().filter(r -> r.tenant().equals("acme") && r.group().equals("sales")
                && !r.recordedAt().isBefore(since) && r.recordedAt().isBefore(until)).count();
        assertThat(expected).isPositive();
        assertThat(items.countPending(8)).isEqualTo(expected);
    }

    @Test
    void exclusionsWinOverInclusionsAndRelativeWindowsMustBeResolvedFirst() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        List<Recording> source = new ArrayList<>();
        String[] tenants = {"acme", "globex", "initech"};
        String[] groups = {"sales", "support", "hr"};
        for (int i = 0; i < 27; i++) {
            source.add(StoreFixture.recording(i, tenants[i % 3], groups[(i / 3) % 3], t.plusSeconds(i * 3600L), false));
        }
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, source);
        LinkFilter f = new LinkFilter(Set.of("acme", "globex"), Set.of("globex"), Set.of(), Set.of("hr"), null, null, true,
                true, List.of());
        plans.planMissing(new PlanStore.LinkScope(11, "a->b", a, b, f));
        assertThat(items.pendingAfter(11, 0, 100)).extracting(ti -> ti.recording().tenant() + "/" + ti.recording().group())
                .hasSize(6).containsOnly("acme/sales", "acme/support");

        LinkFilter relative = new LinkFilter(Set.of(), Set.of(), Set.of(), Set.of(),
                io.recsync.config.TimeBound.ago(java.time.Duration.ofDays(30)), null, true, true, List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> plans.planMissing(new PlanStore.LinkScope(12, "a->b", a, b, relative)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolved against the run's start");
    }

    @Test
    void differentAudioUnderOneIdIsOneConflictNotAnItemAndIsNotReopened() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        Recording mine = StoreFixture.recording(1, "acme", "support", t, true);
        Recording theirs = new Recording(mine.id(), mine.tenant(), mine.group(), mine.recordedAt(),
                new FileRef(mine.audio().path(), 999, StoreFixture.sha(9, 'c')), mine.metadata(), 1);
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, List.of(mine));
        index.upsert(b, 1, ManifestIndex.Origin.SCAN, List.of(theirs));
        PlanStore.LinkScope ab = new PlanStore.LinkScope(9, "a->b", a, b, LinkFilter.ALL);
        PlanStore.LinkScope ba = new PlanStore.LinkScope(9, "b->a", b, a, LinkFilter.ALL);

        assertThat(plans.planMissing(ab)).isZero();
        assertThat(plans.planConflicts("job", 100, "a", "b", ab)).isEqualTo(1);
        // The reverse link of a two-way pair sees the same disagreement: not a second conflict.
        assertThat(plans.planConflicts("job", 100, "b", "a", ba)).isZero();
        assertThat(plans.planConflicts("job", 101, "a", "b", ab)).isZero();

        ConflictRecord c = new ConflictStore(db.jdbc()).list(new ConflictStore.Query("job", "OPEN", null, null, null, 10)).get(0);
        assertThat(c.kind()).isEqualTo("AUDIO_DIFFERS");
        assertThat(c.sourceSha256()).isEqualTo(mine.audio().sha256());
        assertThat(c.targetSha256()).isEqualTo(theirs.audio().sha256());
        assertThat(c.detectedExecutionId()).isEqualTo(100);
    }

    @Test
    void theSameTwoVersionsBetweenAnotherPairOfSitesAreNotASecondConflict() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        Recording mine = StoreFixture.recording(2, "acme", "support", t, true);
        Recording theirs = new Recording(mine.id(), mine.tenant(), mine.group(), mine.recordedAt(),
                new FileRef(mine.audio().path(), 999, StoreFixture.sha(8, 'c')), mine.metadata(), 1);
        Recording third = new Recording(mine.id(), mine.tenant(), mine.group(), mine.recordedAt(),
                new FileRef(mine.audio().path(), 998, StoreFixture.sha(7, 'e')), mine.metadata(), 1);
        long c = new SiteStore(db.jdbc()).idFor("job", "c", "local:/c");
        long d = new SiteStore(db.jdbc()).idFor("job", "d", "local:/d");
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, List.of(mine));
        index.upsert(b, 1, ManifestIndex.Origin.SCAN, List.of(theirs));
        assertThat(plans.planConflicts("job", 100, "a", "b", new PlanStore.LinkScope(11, "a->b", a, b, LinkFilter.ALL)))
                .isEqualTo(1);
        // A mesh run then gave site c a's version; the next run sees b and c disagree the same way.
        index.upsert(c, 2, ManifestIndex.Origin.SCAN, List.of(mine));
        assertThat(plans.planConflicts("job", 101, "b", "c", new PlanStore.LinkScope(12, "b->c", b, c, LinkFilter.ALL)))
                .isZero();
        assertThat(plans.planConflicts("job", 101, "c", "b", new PlanStore.LinkScope(12, "c->b", c, b, LinkFilter.ALL)))
                .isZero();
        // A third version is a disagreement of its own.
        index.upsert(d, 2, ManifestIndex.Origin.SCAN, List.of(third));
        assertThat(plans.planConflicts("job", 101, "a", "d", new PlanStore.LinkScope(12, "a->d", a, d, LinkFilter.ALL)))
                .isEqualTo(1);
        assertThat(new ConflictStore(db.jdbc()).list(new ConflictStore.Query("job", "OPEN", null, null, null, 10)))
                .hasSize(2);
    }

    @Test
    void aTargetWithAudioButNoSidecarGetsAMetadataOnlyItem() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        Recording full = StoreFixture.recording(3, "acme", "support", t, true);
        Recording audioOnly = new Recording(full.id(), full.tenant(), full.group(), full.recordedAt(), full.audio(), null, 1);
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, List.of(full));
        index.upsert(b, 1, ManifestIndex.Origin.SCAN, List.of(audioOnly));

        assertThat(plans.planMissing(new PlanStore.LinkScope(10, "a->b", a, b, LinkFilter.ALL))).isEqualTo(1);
        TransferItem item = items.pendingAfter(10, 0, 10).get(0);
        assertThat(item.copyAudio()).isFalse();
        assertThat(item.copyMetadata()).isTrue();
    }

    @Test
    void aDuplicateIdWithinOneRefreshIsReportedNotApplied() {
        Instant t = Instant.parse("2026-11-10T00:00:00Z");
        Recording first = StoreFixture.recording(4, "acme", "support", t, false);
        Recording clash = new Recording(first.id(), "acme", "support", t,
                new FileRef(io.recsync.connector.StoragePath.of("elsewhere.wav"), 5, StoreFixture.sha(4, 'd')), null, 1);
        index.upsert(a, 5, ManifestIndex.Origin.FILE, List.of(first));
        ManifestIndex.UpsertResult r = index.upsert(a, 5, ManifestIndex.Origin.FILE, List.of(clash));
        assertThat(r.duplicates()).hasSize(1);
        assertThat(index.find(a, first.id())).isEqualTo(first);
        // A later refresh that sees the new content updates the row (the site changed it).
        assertThat(index.upsert(a, 6, ManifestIndex.Origin.FILE, List.of(clash)).updated()).isEqualTo(1);
    }
}
