package io.recsync.store;

import io.recsync.manifest.Recording;

/**
 * One planned copy: a recording from a source site to a target site, with the source manifest's
 * facts snapshotted at plan time so the transfer needs no join and a restart copies the same thing.
 *
 * @param copyAudio false for a metadata-only item (the target has the audio already)
 * @param replacesSha256 for a metadata update: the checksum the target's metadata had when the
 *     update was planned (it is replaced only if it still has it); null for a plain copy
 * @param keepLoserAs for the keep-both policy: where the replaced metadata is also kept, beside
 *     the new one; null otherwise
 */
public record TransferItem(long itemId, long planId, String linkName, long sourceSiteId, long targetSiteId,
        boolean copyAudio, boolean copyMetadata, Recording recording, int attempts, String replacesSha256,
        String keepLoserAs) {

    public TransferItem(long itemId, long planId, String linkName, long sourceSiteId, long targetSiteId,
            boolean copyAudio, boolean copyMetadata, Recording recording, int attempts) {
        this(itemId, planId, linkName, sourceSiteId, targetSiteId, copyAudio, copyMetadata, recording, attempts, null, null);
    }

    /** A metadata update: the target's sidecar is replaced, not created. */
    public boolean replacesMetadata() {
        return replacesSha256 != null;
    }
}
