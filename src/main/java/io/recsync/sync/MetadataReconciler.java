package io.recsync.sync;

import io.recsync.config.ConflictPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Decides, for one recording whose sites hold the same audio but different metadata, which
 * metadata is current and where it must go. Pure logic: the planner feeds it what the index and
 * the baselines say, and turns its answer into transfer items and conflict rows.
 *
 * <p>A site has <em>changed</em> its metadata when it differs from its baseline (what it held when
 * recsync last saw the copies agree, or last wrote there). A site without a baseline (recsync has
 * never updated this recording's metadata) is judged by version: the highest version is the edit,
 * and when every version is equal nobody can tell, so every differing copy counts as changed.
 * A version a person chose in {@code conflicts resolve} counts as changed too (it is the edit the
 * person made) until every site holds it or a site edits it again: so a decision reaches every
 * site, as a policy's winner does, not only the two sites the conflict was between.
 * One changed value wins by itself; several are a conflict, settled by the job's policy.
 */
public final class MetadataReconciler {

    /**
     * One site's copy of the recording. {@code decided}: its baseline is the version a person chose
     * in {@code conflicts resolve}, not yet at every site.
     */
    public record Holder(long siteId, String site, int priority, String metaPath, String metaSha256, long version,
            Instant updatedAt, String baselineSha256, boolean decided) {

        /** Holds the version a person chose, unedited since. */
        boolean holdsDecision() {
            return decided && metaSha256.equals(baselineSha256);
        }

        /** Held the version a person chose and has edited it since: a new edit, the decision is past. */
        boolean editedDecision() {
            return decided && !metaSha256.equals(baselineSha256);
        }
    }

    /** A link that may carry this recording's metadata from one site to another. */
    public record Edge(long sourceSiteId, long targetSiteId, String linkName) {}

    /** Replace the target's metadata with the source's. */
    public record Update(Edge edge, Holder source, Holder target, boolean keepLoserBeside) {}

    /** Two sites changed the metadata differently. {@code winner} is null when it is left for review. */
    public record Disagreement(Holder first, Holder second, Holder winner) {}

    /** The decision: updates to plan, and the disagreements to record. */
    public record Decision(List<Update> updates, List<Disagreement> disagreements) {
        static final Decision NOTHING = new Decision(List.of(), List.of());
    }

    private final ConflictPolicy policy;

    public MetadataReconciler(ConflictPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param holders every site of the job that holds the recording with this audio and metadata
     * @param edges the links (in planning order: best source first) whose filter takes the recording
     */
    public Decision decide(UUID recording, List<Holder> holders, List<Edge> edges) {
        List<Holder> changed = changed(holders);
        Set<String> changedValues = new LinkedHashSet<>();
        changed.forEach(h -> changedValues.add(h.metaSha256()));
        if (changedValues.isEmpty()) {
            // Differences settled as they are (a read-only site a decision could not write): nothing moves.
            return Decision.NOTHING;
        }
        List<Disagreement> disagreements = new ArrayList<>();
        Holder winner;
        if (changedValues.size() == 1) {
            winner = changed.get(0);
        } else {
            winner = policy == ConflictPolicy.LOG ? null : pick(changed);
            for (int i = 0; i < changed.size(); i++) {
                for (int j = i + 1; j < changed.size(); j++) {
                    if (!changed.get(i).metaSha256().equals(changed.get(j).metaSha256())) {
                        disagreements.add(new Disagreement(changed.get(i), changed.get(j), winner));
                    }
                }
            }
            if (winner == null) {
                return new Decision(List.of(), disagreements);
            }
        }
        String current = winner.metaSha256();
        List<Update> updates = new ArrayList<>();
        for (Holder target : holders) {
            if (target.metaSha256().equals(current)) {
                continue;
            }
            // The best link from a site that already holds the winning metadata to this target.
            for (Edge e : edges) {
                Holder source = holder(holders, e.sourceSiteId());
                if (e.targetSiteId() == target.siteId() && source != null && source.metaSha256().equals(current)
                        && Objects.equals(source.metaPath(), target.metaPath())) {
                    boolean loser = policy == ConflictPolicy.KEEP_BOTH && changed.contains(target);
                    updates.add(new Update(e, source, target, loser));
                    break;
                }
            }
        }
        return new Decision(updates, disagreements);
    }

    private static List<Holder> changed(List<Holder> holders) {
        long maxVersion = holders.stream().mapToLong(Holder::version).max().orElse(0);
        boolean versionsDiffer = holders.stream().mapToLong(Holder::version).distinct().count() > 1;
        // A person's decision stands until a site edits the decided version: that edit is newer.
        boolean decisionStands = holders.stream().noneMatch(Holder::editedDecision);
        List<Holder> changed = new ArrayList<>();
        for (Holder h : holders) {
            boolean edited = h.baselineSha256() != null
                    ? !h.baselineSha256().equals(h.metaSha256())
                    : !versionsDiffer || h.version() == maxVersion;
            if (edited || decisionStands && h.holdsDecision()) {
                changed.add(h);
            }
        }
        return changed;
    }

    /** The policy's winner among sites that changed the metadata differently. */
    private Holder pick(List<Holder> changed) {
        Comparator<Holder> byPriority = Comparator.comparingInt(Holder::priority).thenComparing(Holder::site);
        Comparator<Holder> order = switch (policy) {
            case PRIORITY -> byPriority;
            case NEWEST, KEEP_BOTH -> Comparator.comparing((Holder h) -> h.updatedAt() == null ? Instant.MIN : h.updatedAt())
                    .reversed().thenComparing(byPriority);
            case LOG -> throw new IllegalStateException("log leaves conflicts to a person");
        };
        return changed.stream().min(order).orElseThrow();
    }

    private static Holder holder(List<Holder> holders, long siteId) {
        for (Holder h : holders) {
            if (h.siteId() == siteId) {
                return h;
            }
        }
        return null;
    }
}
