package io.recsync.manifest;

import java.time.Instant;
import java.util.UUID;

/**
 * One manifest line: a call recording's identity and the checksums of its audio and (optional)
 * metadata sidecar. Immutable; the audio of a recording never changes once written, its metadata
 * may (then {@code version} goes up).
 *
 * @param metadata null when the recording has no sidecar
 */
public record Recording(
        UUID id,
        String tenant,
        String group,
        Instant recordedAt,
        FileRef audio,
        FileRef metadata,
        long version) {

    public boolean hasMetadata() {
        return metadata != null;
    }
}
