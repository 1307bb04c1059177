package io.recsync.sync;

import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.ItemResult;
import io.recsync.store.LedgerEntry;
import io.recsync.store.LedgerStore;
import io.recsync.store.ManifestIndex;
import io.recsync.store.MetadataStore;
import io.recsync.store.TransferItem;
import io.recsync.store.TransferItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a chunk's outcomes in batches: item statuses, what each target now holds, and conflicts.
 * Runs inside the chunk's transaction, so progress and the index move together or not at all.
 */
public final class TransferRecorder {

    private final TransferItemStore items;
    private final ManifestIndex index;
    private final ConflictStore conflicts;
    private final MetadataStore metadata;

    private final LedgerStore ledger;
    private final String job;
    private final java.util.function.LongFunction<String> siteNames;

    public TransferRecorder(TransferItemStore items, ManifestIndex index, ConflictStore conflicts, MetadataStore metadata) {
        this(items, index, conflicts, metadata, null, null, null);
    }

    /**
     * @param ledger the evidence ledger every verified placement is appended to (in the chunk's
     *     transaction, with the items' DONE); null for none
     * @param siteNames a target site's name by its id
     */
    public TransferRecorder(TransferItemStore items, ManifestIndex index, ConflictStore conflicts, MetadataStore metadata,
            LedgerStore ledger, String job, java.util.function.LongFunction<String> siteNames) {
        this.items = items;
        this.index = index;
        this.conflicts = conflicts;
        this.metadata = metadata;
        this.ledger = ledger;
        this.job = job;
        this.siteNames = siteNames;
    }

    /** The files an outcome placed and verified at its target, as ledger drafts (audio before metadata). */
    static void placements(TransferItem item, ItemCopier.Outcome o, String site, List<LedgerEntry.Draft> into) {
        Recording p = o.placed();
        if (p == null) {
            return;
        }
        String outcome = o.result().outcome();
        if (item.replacesMetadata()) {
            if ("METADATA_UPDATED".equals(outcome) && p.metadata() != null) {
                into.add(new LedgerEntry.Draft(LedgerEntry.Kind.REPLACEMENT, p.id(), site, p.metadata().path().value(),
                        p.metadata().sha256(), p.metadata().size(), o.keptAt() == null ? "" : o.keptAt()));
            }
            return;
        }
        String detail = "ALREADY_PRESENT".equals(outcome) ? "ALREADY_PRESENT" : "COPIED";
        if (item.copyAudio() && p.audio() != null) {
            into.add(new LedgerEntry.Draft(LedgerEntry.Kind.PLACEMENT, p.id(), site, p.audio().path().value(),
                    p.audio().sha256(), p.audio().size(), detail));
        }
        if (item.copyMetadata() && p.metadata() != null) {
            into.add(new LedgerEntry.Draft(LedgerEntry.Kind.PLACEMENT, p.id(), site, p.metadata().path().value(),
                    p.metadata().sha256(), p.metadata().size(), detail));
        }
    }

    public void record(long executionId, List<TransferItem> chunk, List<ItemCopier.Outcome> outcomes) {
        List<ItemResult> results = new ArrayList<>(outcomes.size());
        Map<Long, List<Recording>> placedByTarget = new LinkedHashMap<>();
        List<ConflictRecord> found = new ArrayList<>();
        List<LedgerEntry.Draft> placements = new ArrayList<>();
        Map<Long, List<Recording>> updatedByTarget = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ItemCopier.Outcome o = outcomes.get(i);
            results.add(o.result());
            if (o.placed() != null && ledger != null) {
                placements(chunk.get(i), o, siteNames.apply(chunk.get(i).targetSiteId()), placements);
            }
            if (o.placed() != null) {
                placedByTarget.computeIfAbsent(chunk.get(i).targetSiteId(), k -> new ArrayList<>()).add(o.placed());
                if (chunk.get(i).replacesMetadata()) {
                    // What recsync wrote is the target's new baseline: an edit there later is told apart.
                    updatedByTarget.computeIfAbsent(chunk.get(i).targetSiteId(), k -> new ArrayList<>()).add(o.placed());
                }
            }
            if (o.conflict() != null) {
                found.add(o.conflict());
            }
        }
        items.record(executionId, results);
        placedByTarget.forEach((target, placed) -> index.recordCopied(target, executionId, placed));
        updatedByTarget.forEach(metadata::recordWritten);
        conflicts.record(executionId, found);
        if (ledger != null) {
            // Last: the head row stays locked only from here to the chunk's commit.
            ledger.append(job, executionId, placements);
        }
    }
}
