package io.recsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.report.StatusCheck.State;
import io.recsync.report.StatusCheck.Thresholds;
import io.recsync.store.LinkBacklogStore.LinkBacklog;
import io.recsync.store.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The plugin's verdict on a job's health: which state each fact gives, the boundaries, the perfdata. */
class StatusCheckTest {

    static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    static final RunRecord OK_RUN = new RunRecord(7, 7, "nightly", "sync", NOW.minusSeconds(7200), NOW.minusSeconds(3600),
            "COMPLETED", 0, 10, 10, 1000, 0, 0, 0, null);

    static JobHealth health(Duration lag, long items, Optional<RunRecord> last, Optional<RunRecord> success, long conflicts,
            List<String> never) {
        LinkBacklog b = new LinkBacklog("nightly", "hq->dr@hourly", "hq", "dr", null, items, items * 100,
                items == 0 ? null : NOW.minus(lag));
        TreeMap<String, Long> c = new TreeMap<>();
        if (conflicts > 0) {
            c.put("AUDIO_DIFFERS", conflicts);
        }
        return new JobHealth("nightly", NOW, List.of(b), List.of(), never, c, last, success);
    }

    static State state(JobHealth h, Thresholds t) {
        return StatusCheck.judge(h, t).state();
    }

    static final Thresholds LAG = new Thresholds(Duration.ofHours(2), Duration.ofHours(12), null, null, null);

    @Test
    void lagAtTheLevelIsThatLevel() {
        Optional<RunRecord> r = Optional.of(OK_RUN);
        assertThat(state(health(Duration.ofHours(2).minusSeconds(1), 3, r, r, 0, List.of()), LAG)).isEqualTo(State.OK);
        assertThat(state(health(Duration.ofHours(2), 3, r, r, 0, List.of()), LAG)).isEqualTo(State.WARNING);
        assertThat(state(health(Duration.ofHours(12), 3, r, r, 0, List.of()), LAG)).isEqualTo(State.CRITICAL);
        assertThat(state(health(Duration.ofHours(48), 0, r, r, 0, List.of()), LAG)).as("nothing owed: no lag").isEqualTo(State.OK);
    }

    @Test
    void theWorstFactWins() {
        Optional<RunRecord> r = Optional.of(OK_RUN);
        assertThat(state(health(Duration.ZERO, 0, r, r, 2, List.of()), LAG)).isEqualTo(State.WARNING);
        assertThat(state(health(Duration.ofHours(13), 3, r, r, 2, List.of("hq->branch")), LAG)).isEqualTo(State.CRITICAL);
        assertThat(state(health(Duration.ZERO, 0, r, r, 0, List.of("hq->branch")), LAG)).isEqualTo(State.WARNING);
        RunRecord failed = new RunRecord(8, 8, "nightly", "sync", NOW.minusSeconds(60), NOW, "COMPLETED", 4, 3, 1, 10, 0, 2, 0, null);
        assertThat(state(health(Duration.ZERO, 0, Optional.of(failed), r, 0, List.of()), LAG)).isEqualTo(State.WARNING);
        RunRecord stopped = new RunRecord(9, 9, "nightly", "sync", NOW.minusSeconds(60), NOW, "STOPPED", 7, 3, 1, 10, 0, 0, 0, null);
        StatusCheck.Verdict cut = StatusCheck.judge(health(Duration.ZERO, 0, Optional.of(stopped), r, 0, List.of()), LAG);
        assertThat(cut.state()).as("a run stopped at --max-duration left a target behind").isEqualTo(State.WARNING);
        assertThat(cut.text()).contains("stopped at its transfer limit (exit 7)");
        Thresholds age = new Thresholds(null, null, null, null, Duration.ofHours(26));
        assertThat(state(health(Duration.ZERO, 0, Optional.of(failed), Optional.empty(), 0, List.of()), age))
                .as("no success ever, with --crit-age").isEqualTo(State.CRITICAL);
    }

    @Test
    void aJobThatNeverRanIsUnknown() {
        StatusCheck.Verdict v = StatusCheck.judge(health(Duration.ZERO, 0, Optional.empty(), Optional.empty(), 0, List.of()), LAG);
        assertThat(v.state()).isEqualTo(State.UNKNOWN);
        assertThat(v.state().code()).isEqualTo(3);
        assertThat(v.text()).startsWith("RECSYNC UNKNOWN - job 'nightly' has never run");
    }

    @Test
    void perfdataFollowsThePluginFormat() {
        Optional<RunRecord> r = Optional.of(OK_RUN);
        String first = StatusCheck.judge(health(Duration.ofSeconds(5400), 12, r, r, 0, List.of()), LAG).text().lines()
                .findFirst().orElseThrow();
        assertThat(first).endsWith("| 'lag_hq_dr_hourly'=5400s;7200;43200;0 'backlog_hq_dr_hourly'=12;;;0"
                + " 'backlog_bytes_hq_dr_hourly'=1200B;;;0 'open_conflicts'=0;;;0 'last_success_age'=3600s;;;0");
        assertThat(StatusCheck.label("a b->c'd")).isEqualTo("a_b_c_d");
    }
}
