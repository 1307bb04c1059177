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

    /**
     * Marks that what recsync knows of the site changed in a way no row stamp records (rows
     * dropped, a site forgotten, a person's resolution): the next plan looks at every recording.
     */
    static void bump(JdbcTemplate jdbc, long siteId) {
        jdbc.update("UPDATE site SET index_version = index_version + 1, unstamped_version = unstamped_version + 1 "
                + "WHERE site_id = ?", siteId);
    }

    /**
     * Marks that index rows of the site were inserted or updated under the stamp {@code refreshId}
     * (or, for metadata baselines, beside rows so stamped): a later plan may look only at the
     * recordings with rows stamped since its last confirmed plan. A stamp that is not a run's
     * (a resync's replay under {@code -refreshId}, a person's resolution under -1) counts as
     * unstamped.
     */
    static void bumpStamped(JdbcTemplate jdbc, long siteId, long refreshId) {
        if (refreshId <= 0) {
            bump(jdbc, siteId);
        } else {
            jdbc.update("UPDATE site SET index_version = index_version + 1 WHERE site_id = ?", siteId);
        }
    }

    /**
     * Marks a change to the site's metadata baselines of recordings whose index rows at that site
     * the same transaction stamps with the run's id (a transfer's copies, ManifestIndex#recordCopied):
     * those recordings are planned again anyway, so this change needs no plan in full.
     */
    static void bumpBesideStampedRows(JdbcTemplate jdbc, long siteId) {
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
        return versions(siteIds, "index_version");
    }

    /** Each site's count of changes no row stamp records ({@link #bump}), by site id. */
    public Map<Long, Long> unstampedVersions(Collection<Long> siteIds) {
        return versions(siteIds, "unstamped_version");
    }

    private Map<Long, Long> versions(Collection<Long> siteIds, String column) {
        Map<Long, Long> out = new TreeMap<>();
        for (long id : siteIds) {
            List<Long> v = jdbc.queryForList("SELECT " + column + " FROM site WHERE site_id = ?", Long.class, id);
            out.put(id, v.isEmpty() ? -1 : v.get(0));
        }
        return out;
    }

    /**
     * A confirmed plan whose changes a later plan may look at alone.
     *
     * @param planId the confirmed plan
     * @param stampFrom the execution that computed it
     */
    public record ConfirmedBase(long planId, long stampFrom) {}

    /**
     * The confirmed plan of this scope whose base signature (everything but the stamped changes)
     * equals {@code base}: every change since it began is then a row stamped after its execution,
     * or one of its own copies.
     */
    public java.util.Optional<ConfirmedBase> confirmedBase(String job, String scope, String base) {
        List<ConfirmedBase> p = jdbc.query("SELECT plan_id, stamp_from FROM plan_signature WHERE job_name = ? AND scope = ? "
                + "AND base_signature = ? AND confirmed = TRUE AND stamp_from IS NOT NULL",
                (rs, n) -> new ConfirmedBase(rs.getLong(1), rs.getLong(2)), job, scope, base);
        return p.stream().findFirst();
    }

    /** The plan whose confirmed signature in this scope equals {@code signature}, if any. */
    public java.util.OptionalLong confirmedPlan(String job, String scope, String signature) {
        List<Long> p = jdbc.queryForList("SELECT plan_id FROM plan_signature WHERE job_name = ? AND scope = ? "
                + "AND signature = ? AND confirmed = TRUE", Long.class, job, scope, signature);
        return p.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(p.get(0));
    }

    /** The signature of a plan just computed: unconfirmed until its run completes cleanly. */
    public void record(String job, String scope, String signature, long planId) {
        record(job, scope, signature, null, planId, null);
    }

    /**
     * @param base the signature over the sites' unstamped versions ({@link #confirmedBase})
     * @param stampFrom the execution computing the plan: rows it and later runs stamp are the changes
     *     a later plan must look at
     */
    public void record(String job, String scope, String signature, String base, long planId, Long stampFrom) {
        jdbc.update("DELETE FROM plan_signature WHERE job_name = ? AND scope = ?", job, scope);
        jdbc.update("INSERT INTO plan_signature (job_name, scope, signature, plan_id, confirmed, base_signature, stamp_from) "
                + "VALUES (?, ?, ?, ?, FALSE, ?, ?)", job, scope, signature, planId, base, stampFrom);
    }

    /** The run of {@code planId} completed without a failed or pending item: its plan may be trusted again. */
    public void confirm(String job, long planId) {
        jdbc.update("UPDATE plan_signature SET confirmed = TRUE WHERE job_name = ? AND plan_id = ?", job, planId);
    }
}
