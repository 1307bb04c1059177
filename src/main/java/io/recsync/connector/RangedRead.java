package io.recsync.connector;

import java.io.InputStream;

/** Optional: reading an object from an offset (resuming a broken download, verifying a prefix). */
public interface RangedRead {

    /** Opens {@code path} positioned at byte {@code offset}. */
    InputStream open(StoragePath path, long offset);
}
