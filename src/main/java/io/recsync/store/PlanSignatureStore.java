package io.recsync.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers the signature of a job's last plan per scope (its links and command-line filter), so
 * a plan whose inputs have not changed since a completed run is not computed again. The inputs
 * that live in the database are the sites' index versions, bumped by every change to what recsync
 * knows a site holds ({@link #bump}).
 */
public final class PlanSignatureStore {

    private final JdbcTemplate jdbc;

    public PlanSignatureStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks that what recsync knows of the site changed (index rows, metadata baselines). */
    static void bump(JdbcTemplate jdbc, long siteId) {
        jdbc.update("UPDATE site SET index_version = index_version + 1 WHERE site_id = ?", siteId);
    }

    /**
     * Marks a site changed by something other than its index (a person's resolution put a file in
     * place): the next run plans in full and records what it finds there.
     */
    public void touch(long siteId) {
        bump(jdbc, siteId);
    }

    /** Each site's index version, by site id. */
    public Map<Long, Long> versions(Collection<Long> siteIds) {
        Map<Long, Long> out = new TreeMap<>();
        for (long id : siteIds) {
            List<Long> v = jdbc.queryForList("SELECT index_version FROM site WHERE site_id = ?", Long.class, id);
            out.put(id, v.isEmpty() ? -1 : v.get(0));
        }
        return out;
    }

    /** The plan whose confirmed signature in this scope equals {@code signature}, if any. */
    public java.util.OptionalLong confirmedPlan(String job, String scope, String signature) {
        List<Long> p = jdbc.queryForList("SELECT plan_id FROM plan_signature WHERE job_name = ? AND scope = ? "
                + "AND signature = ? AND confirmed = TRUE", Long.class, job, scope, signature);
        return p.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(p.get(0));
    }

    /** The signature of a plan just computed: unconfirmed until its run completes cleanly. */
    public void record(String job, String scope, String signature, long planId) {
        jdbc.update("DELETE FROM plan_signature WHERE job_name = ? AND scope = ?", job, scope);
        jdbc.update("INSERT INTO plan_signature (job_name, scope, signature, plan_id, confirmed) VALUES (?, ?, ?, ?, FALSE)",
                job, scope, signature, planId);
    }

    /** The run of {@code planId} completed without a failed or pending item: its plan may be trusted again. */
    public void confirm(String job, long planId) {
        jdbc.update("UPDATE plan_signature SET confirmed = TRUE WHERE job_name = ? AND plan_id = ?", job, planId);
    }
}
