package io.recsync.manifest;

import io.recsync.connector.StoragePath;
import io.recsync.connector.TempNames;

/**
 * Names recsync keeps for itself on every site: its manifests and state under {@code .recsync/},
 * and temp objects of puts that have not finished. They are never recordings: a scan skips them
 * and a manifest line naming one is rejected, so a half-written copy can never be listed.
 */
final class ReservedPaths {

    static final String STATE_DIRECTORY = ".recsync";

    private ReservedPaths() {}

    /** Why {@code path} is reserved, or null if it is an ordinary path. */
    static String reason(StoragePath path) {
        if (("/" + path.value() + "/").contains("/" + STATE_DIRECTORY + "/")) {
            return "path is inside " + STATE_DIRECTORY + "/, which holds recsync's own files";
        }
        if (TempNames.isTemp(path.name())) {
            return "path names an unfinished recsync temp object (" + TempNames.MARK + ")";
        }
        return null;
    }

    static boolean isReserved(StoragePath path) {
        return reason(path) != null;
    }
}
