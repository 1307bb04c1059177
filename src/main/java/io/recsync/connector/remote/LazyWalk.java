package io.recsync.connector.remote;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Depth-first listing that reads one directory at a time, only when the consumer needs more: a site
 * may hold millions of files. Each listing borrows a session and gives it back, so a consumer that
 * opens every file it is handed (a scan) never waits on the walk. Links are not followed (they could
 * loop or leave the root), temp files of unfinished puts are not objects.
 */
public final class LazyWalk implements Iterator<ObjectInfo> {

    private static final Logger LOG = Logger.getLogger(LazyWalk.class.getName());

    private final Function<StoragePath, List<RemoteEntry>> lister;
    private final Deque<StoragePath> directories = new ArrayDeque<>();
    private final Deque<ObjectInfo> ready = new ArrayDeque<>();

    /** @param lister the entries of one directory (every kind: files, directories, links) */
    public LazyWalk(StoragePath start, Function<StoragePath, List<RemoteEntry>> lister) {
        this.lister = lister;
        directories.push(start);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !directories.isEmpty()) {
            expand(directories.pop());
        }
        return !ready.isEmpty();
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.pollFirst();
    }

    private void expand(StoragePath dir) {
        List<RemoteEntry> entries = new ArrayList<>(lister.apply(dir));
        entries.sort(Comparator.comparing(RemoteEntry::name).reversed());
        for (RemoteEntry e : entries) {
            String name = e.name();
            if (name.equals(".") || name.equals("..") || TempNames.isTemp(name)) {
                continue;
            }
            StoragePath child;
            try {
                child = dir.isRoot() ? StoragePath.of(name) : dir.resolve(name);
            } catch (PathRejectedException bad) {
                LOG.warning("skipping an entry of " + dir + " whose name recsync cannot carry: " + bad.getMessage());
                continue;
            }
            switch (e.kind()) {
                case FILE -> ready.addFirst(new ObjectInfo(child, e.size(), e.modified()));
                case DIRECTORY -> directories.push(child);
                default -> { } // links and devices are not recordings
            }
        }
    }
}
