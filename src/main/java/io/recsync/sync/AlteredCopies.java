package io.recsync.sync;

import io.recsync.config.SiteDefinition;
import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ManifestIndex;

/**
 * A copy recsync placed and verified that a scan later found with other bytes (bit rot, a restore
 * from an older backup, a person's edit) as a conflict for review: {@code COPY_ALTERED}. The
 * changed file is never replaced by a run; the conflict names a site of the job that still holds
 * the version recsync verified, which `conflicts resolve --keep source` puts back (the changed
 * file kept in quarantine).
 */
final class AlteredCopies {

    static final String KIND = "COPY_ALTERED";

    private AlteredCopies() {}

    static ConflictRecord conflict(SyncSession session, String site, ManifestIndex.AlteredCopy copy) {
        Recording placed = copy.placed();
        Recording found = copy.found();
        String holder = null;
        Recording good = null;
        for (SiteDefinition other : session.job().sites().values()) {
            if (other.name().equals(site)) {
                continue;
            }
            Recording r = session.index().find(session.sites().id(other.name()), placed.id());
            if (r != null && r.audio().sha256().equals(placed.audio().sha256())) {
                holder = other.name();
                good = r;
                break;
            }
        }
        String detail = "the copy recsync placed and verified at " + site + " no longer matches: it had sha256 "
                + placed.audio().sha256() + " (" + placed.audio().size() + " bytes), it now has " + found.audio().sha256()
                + " (" + found.audio().size() + " bytes); it was not replaced. "
                + (holder == null
                        ? "No other site of the job holds the verified version; find out how it changed"
                        : "Find out how it changed; `recsync conflicts resolve ID --keep source --job FILE` restores the "
                                + "verified version from " + holder + " (the changed file is kept in quarantine)");
        Recording source = good != null ? good : placed;
        return ConflictRecord.found(session.job().name(), KIND, placed.id(), placed.tenant(), holder != null ? holder : site,
                site, source.audio().path().value(), source.audio().size(), source.audio().sha256(),
                found.audio().path().value(), found.audio().size(), found.audio().sha256(), detail);
    }
}
