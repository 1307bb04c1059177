package io.recsync.sync;

/** Told about the scan's progress and each finished item (from transfer threads); the CLI draws its progress line from it. */
public interface ProgressListener {

    /** Called once, before the first item, with the number of items and bytes planned. */
    default void planned(long items, long bytes) {}

    void itemFinished(ItemCopier.Outcome outcome);

    /**
     * Called while a site is scanned, with the recordings found there so far (may be called for
     * every one: a listener that draws keeps its own pace).
     */
    default void scanned(String site, long recordings) {}

    ProgressListener NONE = o -> {};
}
