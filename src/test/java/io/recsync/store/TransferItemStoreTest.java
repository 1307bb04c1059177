package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.config.LinkFilter;
import io.recsync.manifest.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paging a plan's pending items on a real (H2) database: what each page holds and what it costs. */
class TransferItemStoreTest {

    private static final int PLAN = 7;

    @TempDir
    Path dir;

    StateDatabase db;
    TransferItemStore items;
    ManifestIndex index;
    long b;

    @BeforeEach
    void open() {
        db = StoreFixture.open(dir);
        items = new TransferItemStore(db.jdbc());
        index = new ManifestIndex(db.jdbc());
        SiteStore sites = new SiteStore(db.jdbc());
        long a = sites.idFor("job", "a", "local:/a");
        b = sites.idFor("job", "b", "local:/b");
        List<Recording> source = new ArrayList<>();
        Instant t = Instant.parse("2026-11-10T10:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            source.add(StoreFixture.recording(i, "acme", "support", t.plusSeconds(i), true));
        }
        index.upsert(a, 1, ManifestIndex.Origin.SCAN, source);
        new PlanStore(db.jdbc(), db.dialect()).planMissing(new PlanStore.LinkScope(PLAN, "a->b", a, b, LinkFilter.ALL));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void pagesWalkEveryPendingItemOnceInIdOrder() {
        List<Long> seen = new ArrayList<>();
        long after = 0;
        for (List<TransferItem> page; !(page = items.pendingAfter(PLAN, after, 150)).isEmpty(); ) {
            page.forEach(i -> seen.add(i.itemId()));
            after = page.get(page.size() - 1).itemId();
        }
        assertThat(seen).hasSize(2_000).isSorted().doesNotHaveDuplicates();
    }

    /**
     * A page is read straight off the (plan, status, item) index: the rows H2 looks at are the
     * page's, however many items the plan still has pending. Ordered by item_id alone, H2 read and
     * sorted every pending row of the plan for each page (a 50,000-recording plan: 6 million row
     * reads for its pages, the largest single cost of the main thread during the transfer).
     */
    @Test
    void aPageReadsOnlyItsOwnRows() {
        long firstId = items.pendingAfter(PLAN, 0, 1).get(0).itemId();
        String plan = db.jdbc().queryForList("EXPLAIN ANALYZE " + TransferItemStore.pendingPageSql(50), String.class,
                PLAN, firstId + 100).get(0);
        Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertThat(scanned.find()).as("H2's plan names the rows it scanned:%n%s", plan).isTrue();
        assertThat(Long.parseLong(scanned.group(1))).as("rows H2 scanned for one page of 50:%n%s", plan)
                .isLessThanOrEqualTo(51);
    }

    /**
     * What a publish lists: every DONE item placed at the target, once, in id order, over pages
     * read off the index (2,000 items: one full page, then an empty one), and none once marked.
     */
    @Test
    void thePublishListsEveryCopiedItemOnceAPageAtATime() {
        List<TransferItem> all = items.pendingAfter(PLAN, 0, 10_000);
        List<TransferItem> copied = all.subList(0, all.size() - 1); // the last one is still pending
        items.record(9, copied.stream().map(i -> new ItemResult(i.itemId(), ItemResult.ItemStatus.DONE, "COPIED", 1,
                1, null)).toList());
        index.recordCopied(b, 9, copied.stream().map(TransferItem::recording).toList());

        List<Long> listed = new ArrayList<>();
        items.forEachUnpublishedPlaced(PLAN, b, (id, recording) -> listed.add(id));
        assertThat(listed).hasSize(copied.size()).isSorted().doesNotHaveDuplicates()
                .isEqualTo(copied.stream().map(TransferItem::itemId).toList());

        String plan = db.jdbc().queryForList("EXPLAIN " + TransferItemStore.unpublishedPageSql(), String.class, PLAN, 0, b,
                0).get(0);
        assertThat(plan).as("H2 reads a page off the index, not the plan's whole result:%n%s", plan)
                .contains("/* index sorted */");

        items.markPublished(PLAN, b, 9);
        assertThat(unpublished()).isEmpty();
    }

    /**
     * The publish mark is an execution, not an item id: an item a later run of the plan finished
     * (it failed for transient reasons before) is listed by that run's publish however low its id,
     * and only it; the counts that decide whether a plan still owes a publish agree.
     */
    @Test
    void aCopyFinishedByALaterRunIsPublishedByThatRunOnly() {
        List<TransferItem> all = items.pendingAfter(PLAN, 0, 10_000);
        TransferItem late = all.get(3);
        List<TransferItem> first = all.stream().filter(i -> i != late).toList();
        finish(9, first);
        assertThat(unpublished()).hasSize(first.size()).doesNotContain(late.itemId());
        items.markPublished(PLAN, b, 9);
        assertThat(unpublished()).isEmpty();
        assertThat(items.countUnpublished(PLAN)).isZero();
        assertThat(items.targetsWithUnpublished(PLAN)).isEmpty();

        finish(12, List.of(late));
        assertThat(unpublished()).containsExactly(late.itemId());
        assertThat(items.countUnpublished(PLAN)).isEqualTo(1);
        assertThat(items.targetsWithUnpublished(PLAN)).containsExactly(b);
        assertThat(items.otherPlansWithUnpublished(PLAN + 1, List.of(b))).containsExactly((long) PLAN);
        assertThat(items.otherPlansWithUnpublished(PLAN, List.of(b))).isEmpty();

        items.markPublished(PLAN, b, 12);
        assertThat(unpublished()).isEmpty();
        assertThat(items.otherPlansWithUnpublished(PLAN + 1, List.of(b))).isEmpty();
        items.markPublished(PLAN, b, 10); // an older mark never moves it back
        assertThat(unpublished()).isEmpty();
    }

    /**
     * Publishing writes one narrow row, not each copy's transfer_item row again (the wide rows are
     * what a first copy wrote most: marking 50,000 of them was a tenth of the main thread).
     */
    @Test
    void publishingRewritesNoItemRow() {
        finish(9, items.pendingAfter(PLAN, 0, 10_000));
        List<java.util.Map<String, Object>> before = db.jdbc().queryForList("SELECT * FROM transfer_item ORDER BY item_id");
        items.markPublished(PLAN, b, 9);
        assertThat(unpublished()).isEmpty();
        assertThat(db.jdbc().queryForList("SELECT * FROM transfer_item ORDER BY item_id")).isEqualTo(before);
    }

    /** Rows a recsync before V13 marked one by one stay published, whatever the mark says. */
    @Test
    void rowsMarkedOneByOneBeforeTheMarkStayPublished() {
        List<TransferItem> all = items.pendingAfter(PLAN, 0, 10_000);
        finish(9, all);
        db.jdbc().update("UPDATE transfer_item SET published = TRUE WHERE item_id <= ?", all.get(9).itemId());
        assertThat(unpublished()).hasSize(all.size() - 10).doesNotContain(all.get(9).itemId());
        assertThat(items.countUnpublished(PLAN)).isEqualTo(all.size() - 10);
    }

    private void finish(long executionId, List<TransferItem> done) {
        items.record(executionId, done.stream().map(i -> new ItemResult(i.itemId(), ItemResult.ItemStatus.DONE, "COPIED", 1,
                1, null)).toList());
        index.recordCopied(b, executionId, done.stream().map(TransferItem::recording).toList());
    }

    private List<Long> unpublished() {
        List<Long> listed = new ArrayList<>();
        items.forEachUnpublishedPlaced(PLAN, b, (id, recording) -> listed.add(id));
        return listed;
    }
}
