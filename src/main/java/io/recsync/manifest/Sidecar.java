package io.recsync.manifest;

import java.time.Instant;
import java.util.UUID;

/**
 * The metadata JSON a recorder writes beside an audio file ({@code <base>.json}). Every field is
 * optional (null when absent); fields recsync does not know are ignored. Read by
 * {@link SidecarParser}.
 *
 * @param version metadata version, null when the sidecar has none (then 1 is assumed)
 * @param updatedAt when the metadata was last changed, null when the sidecar does not say
 */
public record Sidecar(
        UUID id,
        String tenant,
        String group,
        Instant recordedAt,
        Long version,
        String caller,
        String callee,
        Double durationSeconds,
        Instant updatedAt) {

    public Sidecar(UUID id, String tenant, String group, Instant recordedAt, Long version, String caller, String callee,
            Double durationSeconds) {
        this(id, tenant, group, recordedAt, version, caller, callee, durationSeconds, null);
    }

    /**
     * The fields that identify the recording, without the call details. This is what the checksum
     * cache keeps: enough to list the recording without reading the sidecar again, and no phone
     * numbers in recsync's own database.
     */
    public Sidecar identityOnly() {
        return new Sidecar(id, tenant, group, recordedAt, version, null, null, null, updatedAt);
    }
}
