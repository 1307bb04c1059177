package io.recsync.service;

import io.recsync.connector.TempNames;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A local site's directory tree through the OS's file events (inotify on Linux), recursively: each
 * new subdirectory is registered as it appears (and fires, since files may have landed in it
 * before it was registered). Temp names ({@link TempNames}) and, for a scanned site, recsync's own
 * {@code .recsync/} are not changes of the site's recordings; for a site whose manifest is a file
 * the recorder writes, only the manifest's path counts (the recording itself is listed there).
 * One thread blocked in {@link WatchService#take()}: no CPU while nothing happens.
 */
final class LocalTreeWatcher implements AutoCloseable {

    private final String site;
    private final Path root;
    /** Relative path whose changes count (a manifest file or directory); null: anything but .recsync and temps. */
    private final String only;
    private final Trigger trigger;
    private final Consumer<String> log;
    private final WatchService watch;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Thread thread;

    LocalTreeWatcher(String site, Path root, String only, Trigger trigger, Consumer<String> log) throws IOException {
        this.site = site;
        this.root = root.toAbsolutePath().normalize();
        this.only = only;
        this.trigger = trigger;
        this.log = log;
        this.watch = FileSystems.getDefault().newWatchService();
        try {
            registerTree(this.root);
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        thread = new Thread(this::loop, "recsync-watch-" + site);
        thread.setDaemon(true);
        thread.start();
    }

    int directories() {
        synchronized (dirs) {
            return dirs.size();
        }
    }

    private void registerTree(Path start) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && ignoredDirectory(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                synchronized (dirs) {
                    dirs.put(key, dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                // A directory removed (or made unreadable) while walking: nothing to watch there.
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Directories never holding a change that counts: recsync's own, unless the manifest lives there. */
    private boolean ignoredDirectory(Path dir) {
        String rel = relative(dir);
        if (only != null) {
            return !(only.startsWith(rel + "/") || only.equals(rel) || rel.startsWith(only + "/"));
        }
        return rel.equals(".recsync") || rel.startsWith(".recsync/") || TempNames.isTemp(dir.getFileName().toString());
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private boolean counts(Path file) {
        if (TempNames.isTemp(file.getFileName().toString())) {
            return false;
        }
        String rel = relative(file);
        if (only != null) {
            return rel.equals(only) || rel.startsWith(only + "/");
        }
        return !(rel.equals(".recsync") || rel.startsWith(".recsync/"));
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir;
            synchronized (dirs) {
                dir = dirs.get(key);
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    // Events were lost: a cycle looks at everything anyway.
                    trigger.fireNow(site + ": file events overflowed");
                    continue;
                }
                if (dir == null) {
                    continue;
                }
                Path child = dir.resolve((Path) event.context());
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    if (!ignoredDirectory(child)) {
                        try {
                            registerTree(child);
                        } catch (IOException e) {
                            log.accept("warning: " + site + ": cannot watch " + child + " (" + e.getMessage()
                                    + "); its recordings are found by the next heartbeat cycle");
                        }
                        trigger.fire(child.toString(), site + ": new directory " + relative(child));
                    }
                    continue;
                }
                if (counts(child)) {
                    trigger.fire(child.toString(), site + ": " + relative(child));
                }
            }
            if (!key.reset()) {
                synchronized (dirs) {
                    dirs.remove(key);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
