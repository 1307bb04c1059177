package io.recsync.sync;

import io.recsync.manifest.Recording;
import io.recsync.store.ConflictRecord;
import io.recsync.store.ConflictStore;
import io.recsync.store.ItemResult;
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

    public TransferRecorder(TransferItemStore items, ManifestIndex index, ConflictStore conflicts, MetadataStore metadata) {
        this.items = items;
        this.index = index;
        this.conflicts = conflicts;
        this.metadata = metadata;
    }

    public void record(long executionId, List<TransferItem> chunk, List<ItemCopier.Outcome> outcomes) {
        List<ItemResult> results = new ArrayList<>(outcomes.size());
        Map<Long, List<Recording>> placedByTarget = new LinkedHashMap<>();
        List<ConflictRecord> found = new ArrayList<>();
        Map<Long, List<Recording>> updatedByTarget = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ItemCopier.Outcome o = outcomes.get(i);
            results.add(o.result());
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
    }
}
