package io.recsync.config;

import java.time.Instant;
import java.util.Set;

/**
 * Which recordings a link replicates. Empty sets mean "all"; null instants mean unbounded.
 *
 * @param since inclusive lower bound on recordedAt
 * @param until exclusive upper bound on recordedAt
 */
public record LinkFilter(Set<String> tenants, Set<String> groups, Instant since, Instant until, boolean audio, boolean metadata) {

    public static final LinkFilter ALL = new LinkFilter(Set.of(), Set.of(), null, null, true, true);

    /**
     * Narrows this filter by the operator's command-line filter: both must hold. Sets intersect
     * (a non-empty set on one side only is taken as is), windows shrink.
     */
    public LinkFilter and(LinkFilter other) {
        return new LinkFilter(
                intersect(tenants, other.tenants),
                intersect(groups, other.groups),
                later(since, other.since),
                earlier(until, other.until),
                audio && other.audio,
                metadata && other.metadata);
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Set<String> r = new java.util.TreeSet<>(a);
        r.retainAll(b);
        if (r.isEmpty()) {
            // Both sides restrict and share nothing: an impossible filter, not "everything".
            r.add("/no-match/"); // tenants and groups never contain a slash
        }
        return r;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }
}
