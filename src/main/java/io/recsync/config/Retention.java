package io.recsync.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How long a site keeps recordings, per tenant or group ({@code retention: { acme: 7y,
 * acme/support: 10y, "*&#47;sales": 3y, default: 5y }} under a site). A recording older than its
 * rule at a site that does not hold it is <em>expired there</em>: the site let it go on purpose,
 * and recsync does not copy it back. A recording no rule covers (no {@code default}) never expires.
 *
 * <p>Keys: {@code tenant/group} beats {@code *&#47;group} beats {@code tenant} beats {@code default}.
 *
 * @param rules most specific first
 */
public record Retention(List<Rule> rules) {

    public static final Retention NONE = new Retention(List.of());

    /** One rule: null tenant or group means any. */
    public record Rule(String key, String tenant, String group, RetentionPeriod period) {
        int rank() {
            return (tenant != null && group != null) ? 0 : group != null ? 1 : tenant != null ? 2 : 3;
        }

        public boolean covers(String t, String g) {
            return (tenant == null || tenant.equals(t)) && (group == null || group.equals(g));
        }
    }

    public Retention {
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::rank)).toList();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule that decides for a recording of {@code tenant} and {@code group}, or null: kept for ever. */
    public Rule ruleFor(String tenant, String group) {
        return rules.stream().filter(r -> r.covers(tenant, group)).findFirst().orElse(null);
    }

    /** Whether a recording made at {@code recordedAt} is past its retention at {@code at}. */
    public boolean expired(String tenant, String group, Instant recordedAt, Instant at) {
        Rule r = ruleFor(tenant, group);
        return r != null && recordedAt.isBefore(r.period().before(at));
    }

    /** {@code acme 7y, default 5y}: for plan signatures and messages. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        rules.forEach(r -> parts.add(r.key() + " " + r.period()));
        return String.join(", ", parts);
    }

    static Retention parse(Settings site) {
        if (!site.has("retention")) {
            site.optionalString("retention", null); // marks it read when present but empty
            return NONE;
        }
        Settings m = site.child("retention");
        List<Rule> rules = new ArrayList<>();
        for (String key : m.keys()) {
            RetentionPeriod p = m.optional(key, null, RetentionPeriod::parse);
            if (p == null) {
                throw m.error(key, "has no span; give one such as 7y or 90d");
            }
            String tenant;
            String group;
            if (key.equals("default")) {
                tenant = null;
                group = null;
            } else if (key.contains("/")) {
                String[] tg = key.split("/", -1);
                if (tg.length != 2 || tg[0].isEmpty() || tg[1].isEmpty() || tg[1].equals("*")) {
                    throw m.error(key, "is not a retention key; use a tenant (acme), tenant/group (acme/support),"
                            + " */group (any tenant's group) or default");
                }
                tenant = tg[0].equals("*") ? null : tg[0];
                group = tg[1];
            } else {
                tenant = key;
                group = null;
            }
            rules.add(new Rule(key, tenant, group, p));
        }
        m.finish();
        return new Retention(rules);
    }
}
