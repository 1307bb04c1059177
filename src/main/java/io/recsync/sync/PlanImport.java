package io.recsync.sync;

import io.recsync.config.LinkDefinition;
import io.recsync.manifest.Recording;
import io.recsync.store.TransferItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `sync --plan-in FILE`: the plan step takes its items from a reviewed plan file instead of the
 * SQL diff, so exactly what was reviewed is copied. Every copy is still verified against the
 * source's bytes, and a target that already holds the recording is left alone.
 */
public final class PlanImport {

    private static final int BATCH = 1000;
    private final SyncSession session;

    public PlanImport(SyncSession session) {
        this.session = session;
    }

    /** @return the number of items put into the plan */
    public long load(Path file, long planId) {
        return PlanFile.read(file, session.job(), BATCH, batch -> {
            List<TransferItem> items = new ArrayList<>(batch.size());
            for (PlanFile.Item i : batch) {
                Recording r = i.recording();
                items.add(new TransferItem(0, planId, LinkDefinition.pairName(i.from(), i.to()), session.sites().id(i.from()),
                        session.sites().id(i.to()), i.copyAudio(), i.copyMetadata(), r, 0, i.replaces(), i.keepAs()));
            }
            session.items().insertPending(planId, items);
        });
    }
}
