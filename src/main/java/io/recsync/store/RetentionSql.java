package io.recsync.store;

import io.recsync.config.Retention;
import java.time.Instant;
import java.util.List;

/**
 * A target's retention as SQL over a manifest_entry alias, so that the plan, the backlog and the
 * counts decide "expired there" in the database, set-based: one CASE over the rules (most specific
 * first) comparing recorded_at with each rule's cut-off at {@code at}, and a legal hold on the
 * recording overriding it.
 */
public final class RetentionSql {

    private RetentionSql() {}

    /**
     * {@code  AND NOT (<expired> AND NOT <held>)}, or "" when the target keeps everything; appends its
     * parameters to {@code args} (call it where its text goes in the statement).
     */
    public static String notExpired(Retention r, String job, String alias, Instant at, List<Object> args) {
        if (r == null || r.isEmpty()) {
            return "";
        }
        return " AND NOT (" + expiredUnheld(r, job, alias, at, args) + ")";
    }

    /** {@code  AND <expired> AND NOT <held>}: the recordings expired at that target. */
    public static String onlyExpired(Retention r, String job, String alias, Instant at, List<Object> args) {
        return " AND " + expiredUnheld(r, job, alias, at, args);
    }

    private static String expiredUnheld(Retention r, String job, String alias, Instant at, List<Object> args) {
        StringBuilder b = new StringBuilder("COALESCE(CASE");
        for (Retention.Rule rule : r.rules()) {
            b.append(" WHEN ");
            if (rule.tenant() == null && rule.group() == null) {
                b.append("1 = 1");
            } else {
                if (rule.tenant() != null) {
                    b.append(alias).append(".tenant = ?");
                    args.add(rule.tenant());
                }
                if (rule.group() != null) {
                    b.append(rule.tenant() != null ? " AND " : "").append(alias).append(".grp = ?");
                    args.add(rule.group());
                }
            }
            b.append(" THEN ").append(alias).append(".recorded_at < ?");
            args.add(Sql.ts(rule.period().before(at)));
        }
        b.append(" END, FALSE) AND NOT ").append(LegalHoldStore.held(job, alias, args));
        return b.toString();
    }
}
