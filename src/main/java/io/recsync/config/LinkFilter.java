package io.recsync.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which recordings a link replicates; every condition given must hold. Empty sets and lists mean
 * "no condition"; null bounds mean unbounded.
 *
 * @param tenants only these tenants (empty: all)
 * @param excludeTenants never these tenants; exclusion wins over {@code tenants}
 * @param groups only these groups (empty: all)
 * @param excludeGroups never these groups; exclusion wins over {@code groups}
 * @param since inclusive lower bound on recordedAt, fixed or relative to the run's start
 * @param until exclusive upper bound on recordedAt, fixed or relative to the run's start
 * @param audio copy the audio file
 * @param metadata copy the sidecar metadata
 * @param paths globs on the audio path: each inner list holds when the path matches any of its
 *     globs, and every inner list must hold (a job's list and the command line's are two lists)
 */
public record LinkFilter(Set<String> tenants, Set<String> excludeTenants, Set<String> groups, Set<String> excludeGroups,
        TimeBound since, TimeBound until, boolean audio, boolean metadata, List<List<String>> paths) {

    public static final LinkFilter ALL = new LinkFilter(Set.of(), Set.of(), Set.of(), Set.of(), null, null, true, true,
            List.of());

    public LinkFilter {
        // Sets are kept as given (the parser's are ordered as written, for messages and tests).
        paths = paths.stream().map(List::copyOf).toList();
    }

    /** The include-only filter of earlier versions: fixed window, no exclusions, no paths. */
    public LinkFilter(Set<String> tenants, Set<String> groups, Instant since, Instant until, boolean audio, boolean metadata) {
        this(tenants, Set.of(), groups, Set.of(), TimeBound.atOrNull(since), TimeBound.atOrNull(until), audio, metadata,
                List.of());
    }

    /** True when a bound is still relative and {@link #resolvedAt} must be called before planning. */
    public boolean relative() {
        return (since != null && since.relative()) || (until != null && until.relative());
    }

    /**
     * This filter for a run that started at {@code runStart}: relative bounds ({@code 30d}) become
     * instants. Done per run, never at load time, so a window such as "the last 30 days" moves.
     */
    public LinkFilter resolvedAt(Instant runStart) {
        return new LinkFilter(tenants, excludeTenants, groups, excludeGroups, fixed(since, runStart), fixed(until, runStart),
                audio, metadata, paths);
    }

    private static TimeBound fixed(TimeBound b, Instant runStart) {
        return b == null ? null : TimeBound.at(b.resolve(runStart));
    }

    /**
     * Narrows this filter by the operator's command-line filter: both must hold. Include sets
     * intersect (a non-empty set on one side only is taken as is), exclusions add up, windows
     * shrink, path lists are all kept (each must hold). Both filters must be {@link #resolvedAt}
     * the same run start first, since "30d" and "2026-11-01" cannot be compared without one.
     */
    public LinkFilter and(LinkFilter other) {
        if (relative() || other.relative()) {
            throw new IllegalStateException("resolve relative since/until (resolvedAt) before combining filters");
        }
        List<List<String>> bothPaths = new ArrayList<>(paths);
        bothPaths.addAll(other.paths);
        return new LinkFilter(
                intersect(tenants, other.tenants),
                union(excludeTenants, other.excludeTenants),
                intersect(groups, other.groups),
                union(excludeGroups, other.excludeGroups),
                later(since, other.since),
                earlier(until, other.until),
                audio && other.audio,
                metadata && other.metadata,
                bothPaths.stream().distinct().toList());
    }

    /** The lower bound as an instant; only for a filter without relative bounds. */
    public Instant sinceInstant() {
        return since == null ? null : since.instant();
    }

    /** The upper bound as an instant; only for a filter without relative bounds. */
    public Instant untilInstant() {
        return until == null ? null : until.instant();
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> r = new java.util.TreeSet<>(a);
        r.addAll(b);
        return r;
    }

    private static TimeBound later(TimeBound a, TimeBound b) {
        return a == null ? b : b == null ? a : (a.instant().isAfter(b.instant()) ? a : b);
    }

    private static TimeBound earlier(TimeBound a, TimeBound b) {
        return a == null ? b : b == null ? a : (a.instant().isBefore(b.instant()) ? a : b);
    }
}
