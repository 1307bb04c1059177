package io.recsync.store;

import io.recsync.manifest.Recording;

/**
 * One planned copy: a recording from a source site to a target site, with the source manifest's
 * facts snapshotted at plan time so the transfer needs no join and a restart copies the same thing.
 *
 * @param copyAudio false for a metadata-only item (the target has the audio already)
 */
public record TransferItem(long itemId, long planId, String linkName, long sourceSiteId, long targetSiteId,
        boolean copyAudio, boolean copyMetadata, Recording recording, int attempts) {}
