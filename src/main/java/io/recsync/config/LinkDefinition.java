package io.recsync.config;

/** Replication from one site to another, limited by a filter. */
public record LinkDefinition(String from, String to, LinkFilter filter) {

    /** A stable name for reports: {@code hq->dr}. */
    public String name() {
        return from + "->" + to;
    }
}
