package io.recsync.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * A path relative to a site's root: '/'-separated, normalized, never absolute, never with '.' or
 * '..' segments, never with control characters. Everything that reaches a connector is one of
 * these, so a hostile manifest line cannot address anything outside the site root.
 */
public final class StoragePath implements Comparable<StoragePath> {

    /** The site root itself (only meaningful as a walk prefix). */
    public static final StoragePath ROOT = new StoragePath("");

    private static final int MAX_LENGTH = 1024;

    private final String value;

    private StoragePath(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a relative path. Backslashes are not separators (they are legal in
     * POSIX names); doubled or trailing slashes are folded.
     *
     * @throws PathRejectedException if the path is empty, absolute, has '.'/'..' segments or
     *     control characters, or is longer than 1024 characters
     */
    public static StoragePath of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new PathRejectedException(String.valueOf(raw), "path is empty");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new PathRejectedException(raw, "path is longer than " + MAX_LENGTH + " characters");
        }
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
            throw new PathRejectedException(raw, "path is absolute; manifest paths are relative to the site root");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new PathRejectedException(raw, "path contains a control character (code " + (int) c + ")");
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..")) {
                throw new PathRejectedException(raw, "path contains a '..' segment and could leave the site root");
            }
            if (segment.equals(".")) {
                throw new PathRejectedException(raw, "path contains a '.' segment; write it normalized");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new PathRejectedException(raw, "path names no file");
        }
        return new StoragePath(String.join("/", segments));
    }

    /** The path as stored in manifests: relative, '/'-separated, no leading slash. */
    public String value() {
        return value;
    }

    public boolean isRoot() {
        return value.isEmpty();
    }

    /** Last segment (the file name). */
    public String name() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** The parent directory, or {@link #ROOT}. */
    public StoragePath parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? ROOT : new StoragePath(value.substring(0, slash));
    }

    /** This path with one more segment; the segment is validated like any path. */
    public StoragePath resolve(String child) {
        StoragePath tail = of(child);
        return isRoot() ? tail : new StoragePath(value + "/" + tail.value);
    }

    /** A sibling with the given name in the same directory. */
    public StoragePath sibling(String name) {
        return parent().resolve(name);
    }

    /** True when this path equals {@code prefix} or lies below it. */
    public boolean startsWith(StoragePath prefix) {
        return prefix.isRoot() || value.equals(prefix.value) || value.startsWith(prefix.value + "/");
    }

    @Override
    public int compareTo(StoragePath o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath p && p.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "/" : value;
    }
}
