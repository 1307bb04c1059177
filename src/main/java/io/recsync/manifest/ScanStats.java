package io.recsync.manifest;

/**
 * What one scan of a site did.
 *
 * @param filesSeen every object the walk listed, ignored ones included
 * @param ignored recsync's own files ({@code .recsync/}) and unfinished temp objects
 * @param otherFiles files that are neither audio nor {@code .json}
 * @param sidecarsWithoutAudio {@code .json} files no audio file claimed
 * @param recordings valid entries emitted
 * @param problems invalid entries emitted
 * @param filesHashed files read from the storage
 * @param bytesHashed bytes read from the storage: zero when every file was known to the cache
 * @param cacheHits files whose checksum came from the cache
 * @param serverChecksums audio files whose checksum the storage reported (not read)
 */
public record ScanStats(
        long filesSeen,
        long ignored,
        long otherFiles,
        long sidecarsWithoutAudio,
        long recordings,
        long problems,
        long filesHashed,
        long bytesHashed,
        long cacheHits,
        long serverChecksums) {

    /** One line for a log. */
    public String summary() {
        return filesSeen + " files, " + recordings + " recordings, " + problems + " problems, "
                + filesHashed + " files hashed (" + bytesHashed + " bytes), " + cacheHits + " cache hits";
    }
}
