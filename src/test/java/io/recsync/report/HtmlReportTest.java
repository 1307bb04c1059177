package io.recsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.store.ConflictStore;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.RunRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page's parts that a browser test does not reach cheaply: the backlog section, JSON in a script, the day buckets. */
class HtmlReportTest {

    private static final Instant T0 = Instant.parse("2026-12-01T01:30:00Z");

    @Test
    void dataInAScriptElementCannotEndItNorAddMarkup() throws Exception {
        ObjectNode data = new ObjectMapper().createObjectNode().put("tenant", "</script><img src=x onerror=alert(1)>&");
        String json = HtmlReport.scriptJson(data);
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(new ObjectMapper().readTree(json).get("tenant").asText()).isEqualTo("</script><img src=x onerror=alert(1)>&");
    }

    @Test
    void backlogAndLagPerLinkAreDrawnOnlyFromRealPointsAndTheSectionSaysSoWithout() {
        HistoryModel none = history(List.of());
        String without = new HtmlReport(T0).history(none);
        assertThat(without).contains("No backlog snapshot in this range")
                .doesNotContain("chart-backlog-items");

        String with = new HtmlReport(T0).history(none.withLinkPoints(List.of(
                new LinkPoint(T0, "a->b", 120, 5_000_000, 3600), new LinkPoint(T0.plusSeconds(86400), "a->b", 10, 400_000, 600),
                new LinkPoint(T0.plusSeconds(86400), "a-><c>", 3, 1000, 60))));
        assertThat(with).doesNotContain("No backlog snapshot").contains("id=\"chart-backlog-items\"")
                .contains("id=\"chart-backlog-bytes\"").contains("id=\"chart-lag\"")
                .doesNotContain("a-><c>").contains("a-\\u003e\\u003cc\\u003e");
    }

    @Test
    void linkPointsAreEachSnapshotsLinkTotalsWithTheLagAtTheTimeItWasTaken() {
        Instant taken = Instant.parse("2026-12-01T02:00:00Z");
        List<LinkPoint> points = HistoryModel.linkPoints(List.of(
                new LinkBacklogStore.Snapshot(7, taken, new LinkBacklogStore.LinkBacklog("j", "hq->dr", "hq", "dr", null,
                        12, 3000, taken.minusSeconds(5400))),
                new LinkBacklogStore.Snapshot(7, taken, new LinkBacklogStore.LinkBacklog("j", "hq->dr", "hq", "dr", "acme",
                        12, 3000, taken.minusSeconds(5400))),
                new LinkBacklogStore.Snapshot(8, taken.plusSeconds(60), new LinkBacklogStore.LinkBacklog("j", "hq->dr", "hq",
                        "dr", null, 0, 0, null))));
        assertThat(points).as("the tenant row is left to the tables; lag is the age at the snapshot, 0 with nothing owed")
                .containsExactly(new LinkPoint(taken, "hq->dr", 12, 3000, 5400),
                        new LinkPoint(taken.plusSeconds(60), "hq->dr", 0, 0, 0));
    }

    @Test
    void conflictsArePerUtcDayWithThoseStillOpenAtEachDaysEnd() {
        List<HistoryModel.ConflictDay> days = HistoryModel.conflictDays(List.of(
                new ConflictStore.Times("SOURCE_MISMATCH", T0, T0.plusSeconds(2 * 86400)),
                new ConflictStore.Times("PATH_OCCUPIED", T0.plusSeconds(60), null),
                new ConflictStore.Times("PATH_OCCUPIED", T0.plusSeconds(86400), null)), null);
        assertThat(days).containsExactly(
                new HistoryModel.ConflictDay(LocalDate.parse("2026-12-01"), 2, 0, 2),
                new HistoryModel.ConflictDay(LocalDate.parse("2026-12-02"), 1, 0, 3),
                new HistoryModel.ConflictDay(LocalDate.parse("2026-12-03"), 0, 1, 2));
        assertThat(HistoryModel.conflictDays(List.of(new ConflictStore.Times("X", T0, null)),
                T0.plusSeconds(86400))).as("days before --since are counted, not shown").isEmpty();
    }

    private static HistoryModel history(List<LinkPoint> points) {
        RunRecord run = new RunRecord(1, 1, "nightly", "sync", T0, T0.plusSeconds(90), "COMPLETED", 0, 5, 5, 5000, 0, 0, 0,
                null);
        return new HistoryModel("nightly", null, List.of(run), Map.of(), List.of(), List.of(), points, code -> "ok");
    }
}
