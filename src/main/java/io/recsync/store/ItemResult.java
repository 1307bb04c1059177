package io.recsync.store;

/**
 * What the transfer of one item came to, as stored on its row.
 *
 * @param status DONE, FAILED, CONFLICT, or PENDING (a transient failure: the next run retries it)
 * @param outcome finer reason: COPIED, ALREADY_PRESENT, SOURCE_MISMATCH, PATH_OCCUPIED, ERROR...
 */
public record ItemResult(long itemId, ItemStatus status, String outcome, long bytesCopied, int attempts, String message) {

    public enum ItemStatus { PENDING, DONE, FAILED, CONFLICT, ABANDONED }
}
