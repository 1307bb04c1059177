package io.recsync.connector.remote;

import java.time.Instant;

/**
 * One directory entry or stat answer as a remote store reports it, before it becomes an
 * {@link io.recsync.connector.ObjectInfo}: directories and links matter to walking and writing but
 * are never objects themselves.
 */
public record RemoteEntry(String name, Kind kind, long size, Instant modified) {

    public enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }
}
