package io.recsync.sync;

import io.recsync.store.ConflictRecord;
import io.recsync.store.ManifestIndex;

/** A UUID one site lists twice with different content, as a conflict for review. */
final class DuplicateConflicts {

    private DuplicateConflicts() {}

    static ConflictRecord of(String job, String site, ManifestIndex.Duplicate d) {
        return ConflictRecord.found(job, "DUPLICATE_ID", d.first().id(), d.first().tenant(), site, site,
                d.first().audio().path().value(), d.first().audio().size(), d.first().audio().sha256(),
                d.second().audio().path().value(), d.second().audio().size(), d.second().audio().sha256(),
                "site '" + site + "' lists recording " + d.first().id() + " twice with different content ("
                        + d.first().audio().path() + " and " + d.second().audio().path()
                        + "); the first one read is kept in the index");
    }
}
