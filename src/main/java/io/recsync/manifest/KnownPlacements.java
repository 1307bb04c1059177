package io.recsync.manifest;

import io.recsync.connector.StoragePath;
import java.util.Optional;

/**
 * What recsync already knows a site holds at a path: the recordings it placed there (its own
 * manifest segments on the site, the copies it recorded) or identified there before. A scan asks
 * only for audio whose sidecar and path say nothing about its identity, e.g. a copy whose sidecar
 * was deleted by hand: recsync placed that file, so it knows whose it is.
 */
@FunctionalInterface
public interface KnownPlacements {

    KnownPlacements NONE = path -> Optional.empty();

    /** The recording recsync knows with its audio at {@code audioPath} on this site, if any. */
    Optional<Recording> atAudioPath(StoragePath audioPath);
}
