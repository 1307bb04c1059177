package io.recsync.report;

import java.time.Instant;

/**
 * Backlog and lag of one link at one moment, for the history report's "backlog and lag per link"
 * chart. Filled from the link snapshot table once one exists; until then the list is empty and the
 * report leaves the section out (never made-up numbers).
 *
 * @param lagSeconds age of the oldest recording not yet at the link's target, 0 when none
 */
public record LinkPoint(Instant at, String link, long backlogItems, long backlogBytes, long lagSeconds) {}
