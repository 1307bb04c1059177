package io.recsync.config;

import java.util.List;

/**
 * A link's ordered set of targets ({@code to: [{ site: dr1, priority: 10, weight: 60 }, ...]}),
 * after RFC 2782: copies go to the reachable members of the lowest priority number; within one
 * priority each recording goes to one member chosen by weight (weighted rendezvous hashing, see
 * io.recsync.sync.Rendezvous). A member of a higher priority number is used only while every
 * member of the better priorities is unreachable.
 *
 * <p>A group link is expanded into one link per member ({@code hq->dr1}, {@code hq->dr2}, ...),
 * each carrying the group: progress, history and reports stay per link, and the planner keeps,
 * per recording, only the item of the member the group chooses.
 *
 * @param name the group's key in the state database: {@code hq->[dr1,dr2,cold]}
 * @param release {@code release: true}: once a recording's preferred member holds it (proven by
 *     reading it back), its copy on a fallback member is deleted (io.recsync.sync.GroupRelease)
 */
public record TargetGroup(String from, String name, List<Member> members, boolean release) {

    /** Priority when a member gives none: every member of such a group is then one tier. */
    public static final int DEFAULT_PRIORITY = 10;
    /** Weight when a member gives none: equal shares within its priority. */
    public static final int DEFAULT_WEIGHT = 1;

    /** One site of a group, its priority (lower is preferred) and weight (share within a priority). */
    public record Member(String site, int priority, int weight) {}

    public TargetGroup {
        members = List.copyOf(members);
    }

    public TargetGroup(String from, String name, List<Member> members) {
        this(from, name, members, false);
    }

    static TargetGroup of(String from, List<Member> members, boolean release) {
        return new TargetGroup(from, from + "->[" + String.join(",", members.stream().map(Member::site).toList()) + "]",
                members, release);
    }

    public Member member(String site) {
        return members.stream().filter(m -> m.site().equals(site)).findFirst().orElse(null);
    }

    /** The lowest priority number: the preferred tier. */
    public int bestPriority() {
        return members.stream().mapToInt(Member::priority).min().orElse(DEFAULT_PRIORITY);
    }

    /** {@code dr1 p10 w60, dr2 p10 w40, cold p20 w1}: for jobs show and the plan signature. */
    public String summary() {
        return String.join(", ", members.stream().map(m -> m.site() + " p" + m.priority() + " w" + m.weight()).toList());
    }
}
