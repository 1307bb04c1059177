package io.recsync.sync;

import io.recsync.config.TargetGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Set;

/**
 * Weighted rendezvous hashing (highest random weight), the choice of a target group's member for
 * one recording. Each member gets the score {@code -ln(U) / weight}, where {@code U} in (0, 1) is
 * the first 53 bits of SHA-256({@code id + "\n" + site}); the member of the smallest score wins.
 * {@code -ln(U)} is exponentially distributed, so member i wins with probability
 * {@code weight_i / sum(weights)}; the choice depends only on the recording id and the candidate
 * members (never on the run, the order of the file or the JVM), so every rerun agrees; and taking a
 * member away moves only the recordings it had won, adding one moves to it only its share.
 */
public final class Rendezvous {

    /**
     * Where one recording goes.
     *
     * @param preferred the member it is owed to: the choice among every member of the group's best
     *     priority, reachable or not
     * @param placed the choice among the reachable members of the best priority that has any; equal
     *     to {@code preferred} whenever that one is reachable; null when no member is reachable
     */
    public record Choice(String preferred, String placed) {
        public boolean fallback() {
            return placed != null && !placed.equals(preferred);
        }
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Rendezvous() {}

    public static Choice choose(TargetGroup group, String recordingId, Set<String> reachable) {
        int best = group.bestPriority();
        String preferred = pick(recordingId, group.members().stream().filter(m -> m.priority() == best).toList());
        Integer tier = group.members().stream().filter(m -> reachable.contains(m.site()))
                .map(TargetGroup.Member::priority).min(Integer::compare).orElse(null);
        String placed = tier == null ? null : pick(recordingId, group.members().stream()
                .filter(m -> m.priority() == tier && reachable.contains(m.site())).toList());
        return new Choice(preferred, placed);
    }

    /** The member of the smallest score; ties (practically impossible) go to the first listed. */
    public static String pick(String recordingId, Collection<TargetGroup.Member> candidates) {
        String best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (TargetGroup.Member m : candidates) {
            double s = score(recordingId, m.site(), m.weight());
            if (best == null || s < bestScore) {
                best = m.site();
                bestScore = s;
            }
        }
        return best;
    }

    static double score(String recordingId, String site, int weight) {
        return -Math.log(unit(recordingId, site)) / weight;
    }

    /** A number in (0, 1), uniform over recording ids, from SHA-256 of the id and the site's name. */
    static double unit(String recordingId, String site) {
        MessageDigest md = SHA256.get();
        md.reset();
        byte[] h = md.digest((recordingId + "\n" + site).getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return ((v >>> 11) + 0.5) / (double) (1L << 53);
    }
}
