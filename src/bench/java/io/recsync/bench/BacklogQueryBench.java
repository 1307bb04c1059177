package io.recsync.bench;

import io.recsync.config.LinkFilter;
import io.recsync.store.LinkBacklogStore;
import io.recsync.store.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the backlog query (status, metrics, the snapshot at the end of every run) costs on a large
 * archive: an H2 state file with N recordings at the source and all but 1% at the target
 * (-Dbench.recordings, default 1,000,000). Prints the time of each of a few calls (H2 keeps the result of
 * a repeated query over unchanged tables: the first call is the cost). Measured 2026-12-06: 3.1 s at
 * a million recordings (11.6 s for the first form, one outer join with conditional sums).
 */
class BacklogQueryBench {

    @Test
    void backlogOfOneLinkAtArchiveScale() throws Exception {
        int n = Integer.getInteger("bench.recordings", 1_000_000);
        Path home = Files.createTempDirectory("backlog-bench");
        try (StateDatabase db = StateDatabase.open(home, null, null, null)) {
            var jdbc = db.jdbc();
            jdbc.update("INSERT INTO site (job_name, site_name, location) VALUES ('b', 'hq', 'x'), ('b', 'dr', 'y')");
            long hq = jdbc.queryForObject("SELECT site_id FROM site WHERE site_name = 'hq'", Long.class);
            long dr = jdbc.queryForObject("SELECT site_id FROM site WHERE site_name = 'dr'", Long.class);
            long t0 = System.nanoTime();
            jdbc.update("INSERT INTO manifest_entry (site_id, recording_id, tenant, grp, recorded_at, audio_path, audio_size, "
                    + "audio_sha256, meta_path, meta_size, meta_sha256, version, origin, refresh_id) "
                    + "SELECT " + hq + ", RANDOM_UUID(), 't' || MOD(X, 5), 'g', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' "
                    + "+ X * INTERVAL '1' SECOND, 'p/' || X || '.wav', 100000, REPEAT('a', 64), 'p/' || X || '.json', 1000, "
                    + "REPEAT('b', 64), 1, 'SCAN', 1 FROM SYSTEM_RANGE(1, " + n + ")");
            jdbc.update("INSERT INTO manifest_entry (site_id, recording_id, tenant, grp, recorded_at, audio_path, audio_size, "
                    + "audio_sha256, meta_path, meta_size, meta_sha256, version, origin, refresh_id) "
                    + "SELECT " + dr + ", recording_id, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, meta_path, "
                    + "meta_size, meta_sha256, version, 'COPY', 2 FROM manifest_entry WHERE site_id = " + hq
                    + " AND MOD(CAST(SUBSTRING(audio_path, 3, LENGTH(audio_path) - 6) AS INT), 100) <> 0");
            System.out.printf("filled %,d + %,d rows in %d ms%n", n,
                    jdbc.queryForObject("SELECT COUNT(*) FROM manifest_entry WHERE site_id = " + dr, Long.class),
                    (System.nanoTime() - t0) / 1_000_000);
            LinkBacklogStore store = new LinkBacklogStore(jdbc, db.dialect());
            List<LinkBacklogStore.Link> links = List.of(new LinkBacklogStore.Link("hq->dr", "hq", "dr", LinkFilter.ALL));
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                List<LinkBacklogStore.LinkBacklog> rows = store.now("b", links, Instant.now());
                long items = rows.stream().mapToLong(LinkBacklogStore.LinkBacklog::items).sum();
                System.out.printf("backlog of one link over %,d recordings: %,d owed, %d ms%n", n, items,
                        (System.nanoTime() - s) / 1_000_000);
            }
        }
    }
}
