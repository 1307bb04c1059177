package io.recsync.manifest;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ChecksumCache} in the heap, for tests and one-off scans; counts its calls. */
public final class InMemoryChecksumCache implements ChecksumCache {

    private final Map<StoragePath, CachedChecksum> entries = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger stores = new AtomicInteger();

    @Override
    public Map<StoragePath, CachedChecksum> lookup(List<ObjectInfo> batch) {
        lookups.incrementAndGet();
        Map<StoragePath, CachedChecksum> found = new HashMap<>();
        for (ObjectInfo info : batch) {
            CachedChecksum c = entries.get(info.path());
            if (c != null && c.matches(info)) {
                found.put(info.path(), c);
            }
        }
        return found;
    }

    @Override
    public void store(List<CachedChecksum> batch) {
        stores.incrementAndGet();
        batch.forEach(c -> entries.put(c.path(), c));
    }

    public int size() {
        return entries.size();
    }

    /** How many times {@link #lookup} was called: one per batch, never one per file. */
    public int lookupCalls() {
        return lookups.get();
    }

    public int storeCalls() {
        return stores.get();
    }
}
