package io.recsync.sync;

import io.recsync.config.BandwidthTimetable;
import io.recsync.config.LinkFilter;
import java.time.Duration;

/**
 * What the operator asked for on the command line, beyond the job file.
 *
 * @param filter narrows every link (tenants, groups, window); {@link LinkFilter#ALL} for none
 * @param skipInvalid copy the valid recordings of a manifest with bad lines (each is reported)
 * @param fullRescan ignore watermarks and the checksum cache: rescan and rehash every site
 * @param runKind {@code sync}, {@code resync} or {@code demo}: shown in the history
 * @param force run past the safety rails (missing or foreign site sentinel, a shrunken source)
 * @param planIn a plan file to execute exactly (`sync --plan-in`) instead of planning; null to plan
 * @param bwlimit {@code --bwlimit}: wins over the job's {@code transfer.bandwidth}; null for the job's
 * @param maxDuration {@code --max-duration}: wins over the job's {@code transfer.maxDuration}; null for the job's
 * @param maxTransfer {@code --max-transfer} in bytes: wins over the job's {@code transfer.maxTransfer}; null for the job's
 */
public record SyncOptions(LinkFilter filter, boolean skipInvalid, boolean fullRescan, String runKind, boolean force,
        java.nio.file.Path planIn, BandwidthTimetable bwlimit, Duration maxDuration, Long maxTransfer) {

    public SyncOptions(LinkFilter filter, boolean skipInvalid, boolean fullRescan, String runKind, boolean force,
            java.nio.file.Path planIn) {
        this(filter, skipInvalid, fullRescan, runKind, force, planIn, null, null, null);
    }

    public SyncOptions(LinkFilter filter, boolean skipInvalid, boolean fullRescan, String runKind) {
        this(filter, skipInvalid, fullRescan, runKind, false, null);
    }

    public static SyncOptions defaults() {
        return new SyncOptions(LinkFilter.ALL, false, false, "sync", false, null);
    }

    /** The same options with the transfer window's limits (each null for the job's own). */
    public SyncOptions withLimits(BandwidthTimetable bwlimit, Duration maxDuration, Long maxTransfer) {
        return new SyncOptions(filter, skipInvalid, fullRescan, runKind, force, planIn, bwlimit, maxDuration, maxTransfer);
    }
}
