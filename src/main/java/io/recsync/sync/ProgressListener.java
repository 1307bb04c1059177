package io.recsync.sync;

/** Told about each finished item, from transfer threads; the CLI draws its progress line from it. */
public interface ProgressListener {

    /** Called once, before the first item, with the number of items and bytes planned. */
    default void planned(long items, long bytes) {}

    void itemFinished(ItemCopier.Outcome outcome);

    ProgressListener NONE = o -> {};
}
