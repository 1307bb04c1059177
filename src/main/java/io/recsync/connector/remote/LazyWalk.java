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
 *
 * <p>Objects come in the order of their whole paths as {@link String#compareTo} orders them (a
 * directory's entries are sorted with each subdirectory named {@code name/}, so {@code a.b} comes
 * before {@code a/x}): a scan merges this order with the checksum cache read in path order.
 */
public final class LazyWalk implements Iterator<ObjectInfo> {

    private static final Logger LOG = Logger.getLogger(LazyWalk.class.getName());

    /** One directory being walked: its entries sorted by {@link #key}, and how far the walk got. */
    private static final class Frame {
        final StoragePath dir;
        final List<RemoteEntry> entries;
        int next;

        Frame(StoragePath dir, List<RemoteEntry> entries) {
            this.dir = dir;
            this.entries = entries;
        }
    }

    private final Function<StoragePath, List<RemoteEntry>> lister;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private StoragePath start;
    private ObjectInfo ready;

    /** @param lister the entries of one directory (every kind: files, directories, links) */
    public LazyWalk(StoragePath start, Function<StoragePath, List<RemoteEntry>> lister) {
        this.lister = lister;
        this.start = start;
    }

    /** The name a path-ordered walk sorts an entry by: a directory's children all start with {@code name/}. */
    static String key(RemoteEntry e) {
        return e.kind() == RemoteEntry.Kind.DIRECTORY ? e.name() + "/" : e.name();
    }

    @Override
    public boolean hasNext() {
        if (start != null) {
            open(start);
            start = null;
        }
        while (ready == null && !stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next >= f.entries.size()) {
                stack.pop();
                continue;
            }
            RemoteEntry e = f.entries.get(f.next++);
            String name = e.name();
            if (name.equals(".") || name.equals("..") || TempNames.isTemp(name)) {
                continue;
            }
            StoragePath child;
            try {
                child = f.dir.isRoot() ? StoragePath.of(name) : f.dir.resolve(name);
            } catch (PathRejectedException bad) {
                LOG.warning("skipping an entry of " + f.dir + " whose name recsync cannot carry: " + bad.getMessage());
                continue;
            }
            switch (e.kind()) {
                case FILE -> ready = new ObjectInfo(child, e.size(), e.modified());
                case DIRECTORY -> open(child);
                default -> { } // links and devices are not recordings
            }
        }
        return ready != null;
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ObjectInfo o = ready;
        ready = null;
        return o;
    }

    private void open(StoragePath dir) {
        List<RemoteEntry> entries = new ArrayList<>(lister.apply(dir));
        entries.sort(Comparator.comparing(LazyWalk::key));
        stack.push(new Frame(dir, entries));
    }
}
