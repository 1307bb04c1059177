package io.recsync.config;

/**
 * Replication from one site to another, limited by a filter.
 *
 * @param schedule the class of runs that take this link ({@code --schedule}); null: only runs
 *     without {@code --schedule} take it
 * @param name the link's key in progress, history and reports: {@code hq->dr}, or
 *     {@code hq->dr@hourly} when the pair has several links (one per schedule)
 * @param origin where the job file defines it: {@code topology} or {@code links[2]}
 * @param group the target group this link is one member of ({@code to:} a list); null for a plain link
 */
public record LinkDefinition(String from, String to, LinkFilter filter, Schedule schedule, String name, String origin,
        TargetGroup group) {

    public LinkDefinition(String from, String to, LinkFilter filter, Schedule schedule, String name, String origin) {
        this(from, to, filter, schedule, name, origin, null);
    }

    /** A link of no schedule class, named after its pair. */
    public LinkDefinition(String from, String to, LinkFilter filter) {
        this(from, to, filter, null, pairName(from, to), "links");
    }

    /** {@code hq->dr}: the name of the only link of a pair, and of plan items from a plan file. */
    public static String pairName(String from, String to) {
        return from + "->" + to;
    }

    /** What identifies a link within one job: the pair and the schedule class. */
    String key() {
        return pairName(from, to) + (schedule == null ? "" : "@" + schedule.label());
    }

    LinkDefinition named(String newName) {
        return new LinkDefinition(from, to, filter, schedule, newName, origin, group);
    }

    /** The schedule as written, or {@code -} for none. */
    public String scheduleLabel() {
        return schedule == null ? "-" : schedule.label();
    }
}
