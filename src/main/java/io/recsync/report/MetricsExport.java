package io.recsync.report;

import io.recsync.config.JobDefinition;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.StateDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a short-lived run's metrics: fill them from the state database (how the job stands,
 * what the run did), then write the textfile and push to the Pushgateway as configured. Monitoring
 * never changes a run's outcome: what fails here comes back as warnings.
 */
public final class MetricsExport {

    private MetricsExport() {}

    /**
     * The metrics as they stand now, without a run of this process: how the job stands, and what
     * its last run did (so that a file `status` rewrites between runs holds the same series as the
     * run's: node_exporter refuses a series that two files both hold).
     */
    public static RecsyncMetrics current(StateDatabase db, JobHealth health) {
        RecsyncMetrics metrics = new RecsyncMetrics();
        metrics.health(health);
        health.lastRun().ifPresent(r -> metrics.run(health.job(),
                new LinkBacklogStore(db.jdbc(), db.dialect()).runItems(r.executionId())));
        return metrics;
    }

    /**
     * @param executionId the run whose items feed the counters; null when the run never started
     * @param file the node_exporter textfile to write; null for none
     * @param pushgateway the Pushgateway to push to; null for none
     * @return warnings for the operator, each naming what failed and what to do
     */
    public static List<String> afterRun(RecsyncMetrics metrics, StateDatabase db, JobDefinition job, Long executionId,
            Path file, URI pushgateway) {
        List<String> warnings = new ArrayList<>();
        try {
            metrics.health(JobHealth.of(db, job, Instant.now(), executionId));
            metrics.retention(job.name(), RetentionHealth.of(db, job, Instant.now()));
            if (executionId != null) {
                metrics.run(job.name(), new LinkBacklogStore(db.jdbc(), db.dialect()).runItems(executionId));
            }
        } catch (RuntimeException e) {
            warnings.add("metrics: could not read the job's state (" + e.getMessage() + "); only the run's own"
                    + " timings are exported");
        }
        if (file != null) {
            try {
                metrics.writeTextfile(file);
            } catch (IOException | RuntimeException e) {
                warnings.add("--metrics-file " + file + ": could not write it (" + e + "); check that its directory exists"
                        + " and is writable by this user; the run's outcome is unchanged");
            }
        }
        if (pushgateway != null) {
            try {
                metrics.push(pushgateway, job.name());
            } catch (RuntimeException e) {
                warnings.add("Pushgateway " + pushgateway + ": could not push (" + e.getMessage() + "); the run's outcome"
                        + " is unchanged");
            }
        }
        return warnings;
    }
}
