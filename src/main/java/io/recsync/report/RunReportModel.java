package io.recsync.report;

import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.RunLedger;
import io.recsync.store.RunRecord;
import io.recsync.store.TransferItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything `recsync report --run ID` shows, in text or HTML, read from the state database in one
 * place: the run's ledger row, its items (those it finished and those its plan still owed when it
 * ended), totals per link and per tenant, its failures with their reasons, and the conflicts it
 * opened, and where the copies of each target group went (per member, fallback copies counted).
 *
 * @param exitMeaning what the run's exit code means (the sync layer owns the codes; the caller
 *     passes their meaning in), null when the run has no exit code yet
 */
public record RunReportModel(RunRecord run, String exitMeaning, Table items, List<Totals> perLink,
        List<Totals> perTenant, List<Failure> failures, List<ConflictRecord> conflictsOpened,
        List<io.recsync.store.GroupChoiceStore.RunCount> groups) {

    /** One item the run failed, with the reason it gave. */
    public record Failure(long itemId, String link, String tenant, String path, long size, int attempts,
            String outcome, String reason) {}

    /**
     * Reads run {@code runId}'s report.
     *
     * @param meanings the meaning of an exit code (may answer null for one it does not know)
     */
    public static Optional<RunReportModel> load(JdbcTemplate jdbc, long runId, IntFunction<String> meanings) {
        Optional<RunRecord> found = new RunLedger(jdbc).find(runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = found.get();
        RunReport table = new RunReport();
        Map<String, Totals> links = new TreeMap<>();
        Map<String, Totals> tenants = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        // This run's rows only: items an earlier run of its plan finished are that run's.
        new TransferItemStore(jdbc).forEachOfRun(run.planId(), run.executionId(), r -> {
            table.add(r);
            links.computeIfAbsent(String.valueOf(r.link()), Totals::new).add(r);
            tenants.computeIfAbsent(String.valueOf(r.tenant()), Totals::new).add(r);
            if ("FAILED".equals(r.status())) {
                failures.add(new Failure(r.itemId(), r.link(), r.tenant(), r.audioPath(), r.audioSize(), r.attempts(),
                        r.outcome(), r.message()));
            }
        });
        String meaning = run.exitCode() == null ? null : meanings.apply(run.exitCode());
        return Optional.of(new RunReportModel(run, meaning, table.table(), List.copyOf(links.values()),
                List.copyOf(tenants.values()), failures, new ConflictStore(jdbc).detectedBy(runId),
                new io.recsync.store.GroupChoiceStore(jdbc).ofRun(runId)));
    }
}
