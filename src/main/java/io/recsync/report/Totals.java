package io.recsync.report;

import io.recsync.store.TransferItemStore;

/**
 * One line of a run's totals (a link, a tenant): how many items, their size, and what became of
 * them. Every item is in exactly one of copied, present, failed, conflicts and other (left for a
 * later run, held by an open conflict, a metadata update, ...).
 */
public final class Totals {

    private final String name;
    private long items;
    private long bytes;
    private long bytesCopied;
    private long copied;
    private long present;
    private long failed;
    private long conflicts;
    private long other;

    public Totals(String name) {
        this.name = name;
    }

    void add(TransferItemStore.ReportRow r) {
        items++;
        bytes += r.audioSize();
        bytesCopied += r.bytesCopied();
        switch (r.status() == null ? "" : r.status()) {
            case "DONE" -> {
                if ("ALREADY_PRESENT".equals(r.outcome())) {
                    present++;
                } else {
                    copied++;
                }
            }
            case "FAILED" -> failed++;
            case "CONFLICT" -> conflicts++;
            default -> other++;
        }
    }

    public String name() {
        return name;
    }

    public long items() {
        return items;
    }

    public long bytes() {
        return bytes;
    }

    public String bytesText() {
        return Units.bytes(bytes);
    }

    public long bytesCopied() {
        return bytesCopied;
    }

    public String bytesCopiedText() {
        return Units.bytes(bytesCopied);
    }

    public long copied() {
        return copied;
    }

    public long present() {
        return present;
    }

    public long failed() {
        return failed;
    }

    public long conflicts() {
        return conflicts;
    }

    public long other() {
        return other;
    }
}
