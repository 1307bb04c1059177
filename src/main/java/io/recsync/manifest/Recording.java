package io.recsync.manifest;

import java.time.Instant;
import java.util.UUID;

/**
 * One manifest line: a call recording's identity and the checksums of its audio and (optional)
 * metadata sidecar. Immutable; the audio of a recording never changes once written, its metadata
 * may (then {@code version} goes up).
 *
 * @param metadata null when the recording has no sidecar
 * @param updatedAt when the metadata was last changed, as the recorder says; null when unknown.
 *     Only the {@code newest} conflict policy reads it.
 */
public record Recording(
        UUID id,
        String tenant,
        String group,
        Instant recordedAt,
        FileRef audio,
        FileRef metadata,
        long version,
        Instant updatedAt) {

    public Recording(UUID id, String tenant, String group, Instant recordedAt, FileRef audio, FileRef metadata,
            long version) {
        this(id, tenant, group, recordedAt, audio, metadata, version, null);
    }

    /** The same recording carrying other metadata (a metadata update: the audio never changes). */
    public Recording withMetadata(FileRef newMetadata, long newVersion, Instant newUpdatedAt) {
        return new Recording(id, tenant, group, recordedAt, audio, newMetadata, newVersion, newUpdatedAt);
    }

    public boolean hasMetadata() {
        return metadata != null;
    }
}
