package io.recsync.sync;

/**
 * What stopped a worker's partition, as the manager's run reports it. A worker's failure reaches
 * the manager only as the partition's exit description in the job repository (Spring Batch writes
 * the exception's stack trace there); the manager's own step fails with the framework's "Partition
 * handler returned an unsuccessful step", which says nothing an operator can act on. This turns the
 * description back into the failure the worker met, of the same kind where the run's exit code
 * depends on it (a site refused: exit 2-like REFUSED; a link down: exit 1, retried by
 * --retry-until), worded with the partition's name.
 */
public final class PartitionFailure {

    private PartitionFailure() {}

    /**
     * @param partition the partition's step name (transfer:partition3)
     * @param exitDescription its exit description: {@code fully.qualified.Exception: message} and a stack trace
     */
    public static RuntimeException of(String partition, String exitDescription) {
        String first = exitDescription == null || exitDescription.isBlank() ? "" : exitDescription.lines().findFirst().orElse("");
        int colon = first.indexOf(": ");
        // "fully.qualified.Type: message" (a stack trace's first line); anything else is the message itself.
        if (colon > 0 && !first.substring(0, colon).matches("[\\w$]+(\\.[\\w$]+)+")) {
            colon = -1;
        }
        String type = colon < 0 ? "" : first.substring(0, colon);
        String message = (colon < 0 ? first : first.substring(colon + 2)).strip();
        if (message.isEmpty()) {
            message = "failed without a message; see the worker's log (journalctl -u 'recsync-worker@*')";
        }
        String text = partition + ": " + message;
        if (type.endsWith(".SafetyRailException")) {
            return new SafetyRailException(text);
        }
        if (type.endsWith(".LinkDownException") || type.endsWith("TransientStorageException")) {
            return new LinkDownException(text);
        }
        if (type.endsWith(".StopRequestedException")) {
            return new StopRequestedException(text);
        }
        return new PartitionFailedException(text);
    }
}
