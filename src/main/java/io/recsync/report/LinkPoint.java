package io.recsync.report;

import java.time.Instant;

/**
 * Backlog and lag of one link at one moment, for the history report's "backlog and lag per link"
 * chart, from the snapshot a run takes of each link's total as it ends (store's LinkBacklogStore);
 * with no snapshots the report says so (never made-up numbers).
 *
 * @param lagSeconds age of the oldest recording not yet at the link's target, 0 when none
 */
public record LinkPoint(Instant at, String link, long backlogItems, long backlogBytes, long lagSeconds) {}
