package io.recsync.manifest;

import io.recsync.connector.StoragePath;

/**
 * Files at a site that are recsync's own, never a recording: its state under {@code .recsync/}
 * (manifests, quarantine), temp objects of unfinished puts ({@link io.recsync.connector.TempNames}),
 * and the copies the keep-both policy keeps beside a winner. What a scan ignores, and an audit too.
 */
public final class RecsyncOwnFiles {

    private RecsyncOwnFiles() {}

    public static boolean isOwn(StoragePath path) {
        return ScanFileKind.of(path) == ScanFileKind.IGNORED;
    }
}
