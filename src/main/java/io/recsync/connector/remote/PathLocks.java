package io.recsync.connector.remote;

import io.recsync.connector.StoragePath;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer per final name inside this process. Two transfer threads putting the same name would
 * otherwise share one temp file; with the lock the second waits and then finds the name taken.
 */
final class PathLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<StoragePath, Entry> entries = new HashMap<>();

    <T> T withLock(StoragePath path, Supplier<T> body) {
        Entry e;
        synchronized (entries) {
            e = entries.computeIfAbsent(path, p -> new Entry());
            e.users++;
        }
        e.lock.lock();
        try {
            return body.get();
        } finally {
            e.lock.unlock();
            synchronized (entries) {
                if (--e.users == 0) {
                    entries.remove(path);
                }
            }
        }
    }
}
