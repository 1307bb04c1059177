package io.recsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * What recsync recorded as placed at each site: the one place an audit reads its expectations from
 * and records its repairs to. Today it reads the manifest index ({@code manifest_entry}: per site and
 * recording, the paths, sizes and SHA-256 recsync verified when it copied the files or hashed them in
 * a scan), overlaid with the ledger: where the ledger holds a placement, replacement or repair of a
 * file (its latest for that site and path), its SHA-256 and size are what the file must have, so an
 * edit of the state database's index cannot make a changed file pass. Files the ledger never saw
 * (a recorder's own, or placed before the ledger existed) keep the index's values.
 */
public final class PlacementEvidence {

    /** One recording's files at one site, as recsync last verified them. */
    public record Placement(String site, long siteId, UUID recordingId, String tenant, String audioPath, long audioSize,
            String audioSha256, String metaPath, Long metaSize, String metaSha256, String origin, String group,
            Instant recordedAt) {
        public boolean hasMetadata() {
            return metaPath != null;
        }
    }

    /**
     * A repair: the damaged or missing file at {@code site} restored from {@code fromSite}'s copy,
     * proven to have {@code sha256} before and after; the damaged one kept at {@code quarantinedAt}
     * (null when nothing was there).
     */
    public record Repair(long findingId, long auditId, String job, String site, UUID recordingId, String path,
            String fromSite, long size, String sha256, String quarantinedAt, Instant at, String detail) {}

    private static final String COLUMNS = "s.site_name, e.site_id, e.recording_id, e.tenant, e.audio_path, e.audio_size,"
            + " e.audio_sha256, e.meta_path, e.meta_size, e.meta_sha256, e.origin, e.grp, e.recorded_at";

    private static final RowMapper<Placement> ROW = (rs, n) -> new Placement(rs.getString("site_name"),
            rs.getLong("site_id"), Sql.uuid(rs, "recording_id"), rs.getString("tenant"), rs.getString("audio_path"),
            rs.getLong("audio_size"), rs.getString("audio_sha256"), rs.getString("meta_path"),
            Sql.nullableLong(rs, "meta_size"), rs.getString("meta_sha256"), rs.getString("origin"), rs.getString("grp"),
            Sql.instant(rs, "recorded_at"));

    private final JdbcTemplate jdbc;

    public PlacementEvidence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@code site} should hold of the recording, if recsync recorded it there. */
    public Optional<Placement> at(String job, String site, UUID recordingId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM manifest_entry e JOIN site s ON s.site_id = e.site_id"
                + " WHERE s.job_name = ? AND s.site_name = ? AND e.recording_id = ?", ROW, job, site, recordingId)
                .stream().findFirst().map(p -> asLedgered(job, p));
    }

    /** The placement with each file's SHA-256 and size as the ledger last recorded them there, where it did. */
    private Placement asLedgered(String job, Placement p) {
        java.util.Map<String, Object[]> latest = ledgered(job, p);
        Object[] audio = latest.get(p.audioPath());
        Object[] meta = p.metaPath() == null ? null : latest.get(p.metaPath());
        if (audio == null && meta == null) {
            return p;
        }
        return new Placement(p.site(), p.siteId(), p.recordingId(), p.tenant(), p.audioPath(),
                audio == null ? p.audioSize() : (Long) audio[1], audio == null ? p.audioSha256() : (String) audio[0],
                p.metaPath(), meta == null ? p.metaSize() : (Long) meta[1], meta == null ? p.metaSha256() : (String) meta[0],
                p.origin(), p.group(), p.recordedAt());
    }

    /**
     * Per path of the recording at the site: {sha256, size} of the ledger's latest placement,
     * replacement or repair of that file. One query for audio and sidecar (an index probe).
     */
    private java.util.Map<String, Object[]> ledgered(String job, Placement p) {
        java.util.Map<String, Object[]> latest = new java.util.HashMap<>();
        jdbc.query("SELECT path, sha256, size FROM ledger_entry WHERE job_name = ? AND recording_id = ? AND site = ? "
                + "AND kind IN ('PLACEMENT', 'REPLACEMENT', 'REPAIR') ORDER BY seq DESC", rs -> {
                    latest.putIfAbsent(rs.getString(1), new Object[] {rs.getString(2), rs.getLong(3)});
                }, job, p.recordingId(), p.site());
        return latest;
    }

    /** Every site's recorded copy of the recording. */
    public List<Placement> copiesOf(String job, UUID recordingId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM manifest_entry e JOIN site s ON s.site_id = e.site_id"
                + " WHERE s.job_name = ? AND e.recording_id = ? ORDER BY s.site_name", ROW, job, recordingId)
                .stream().map(p -> asLedgered(job, p)).toList();
    }

    /** How many copies the sites hold in all, by the record. */
    public long count(String job, Collection<String> sites) {
        List<Object> args = new ArrayList<>();
        String in = siteFilter(job, sites, args);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM manifest_entry e JOIN site s ON s.site_id = e.site_id WHERE "
                + in, Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    /**
     * Writes the copies at {@code sites}, least recently proven by an audit first (never proven before
     * all), at most {@code limit}, with {@code provenBefore} only those not proven since then, as audit
     * {@code auditId}'s work list
     * ({@code audit_item}, numbered in that order) in the database itself, so a full audit of
     * millions of copies never holds them in memory; replaces a list a killed plan left half-written.
     *
     * @return how many copies were planned
     */
    public long planAudit(long auditId, String job, Collection<String> sites, Instant provenBefore, long limit) {
        return planAudit(auditId, job, sites, provenBefore, limit, false);
    }

    /** @param heldOnly only recordings on the job's legal hold (table legal_hold, refreshed by each run) */
    public long planAudit(long auditId, String job, Collection<String> sites, Instant provenBefore, long limit,
            boolean heldOnly) {
        jdbc.update("DELETE FROM audit_item WHERE audit_id = ?", auditId);
        List<Object> args = new ArrayList<>();
        args.add(auditId);
        args.add(job);
        String in = siteFilter(job, sites, args);
        String age = provenBefore == null ? "" : " AND (p.proven_at IS NULL OR p.proven_at < ?)";
        if (provenBefore != null) {
            args.add(Sql.ts(provenBefore));
        }
        String held = heldOnly ? " AND e.recording_id IN (SELECT h.recording_id FROM legal_hold h WHERE h.job_name = ?)" : "";
        if (heldOnly) {
            args.add(job);
        }
        args.add(limit);
        String order = "p.proven_at NULLS FIRST, e.recording_id, s.site_name";
        int n = jdbc.update("INSERT INTO audit_item (audit_id, seq, site_name, recording_id, status)"
                + " SELECT ?, ROW_NUMBER() OVER (ORDER BY " + order + "), s.site_name, e.recording_id, 'PENDING'"
                + " FROM manifest_entry e JOIN site s ON s.site_id = e.site_id"
                + " LEFT JOIN audit_proof p ON p.job_name = ? AND p.site_name = s.site_name AND p.recording_id = e.recording_id"
                + " WHERE " + in + age + held + " ORDER BY " + order + " FETCH FIRST ? ROWS ONLY", args.toArray());
        jdbc.update("UPDATE audit_run SET planned = ? WHERE audit_id = ?", n, auditId);
        return n;
    }

    /** Every path the record accounts for at the site (audio and sidecars). */
    public Set<String> pathsAt(String job, String site) {
        Set<String> paths = new HashSet<>();
        jdbc.query("SELECT e.audio_path, e.meta_path FROM manifest_entry e JOIN site s ON s.site_id = e.site_id"
                + " WHERE s.job_name = ? AND s.site_name = ?", rs -> {
                    paths.add(rs.getString(1));
                    String m = rs.getString(2);
                    if (m != null) {
                        paths.add(m);
                    }
                }, job, site);
        return paths;
    }

    /**
     * Records a repair. The one method through which a repair is written down: today onto the
     * finding it settles; the ledger appends it here as well once it exists.
     */
    public void recordRepair(Repair r) {
        // The finding and the ledger's REPAIR entry (README "Evidence" > "Ledger") commit together.
        new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(jdbc.getDataSource())).executeWithoutResult(t -> {
                    jdbc.update("UPDATE audit_finding SET repair = 'REPAIRED', repaired_from = ?, quarantined_at = ?,"
                            + " repaired_at = ?, repair_detail = ? WHERE finding_id = ?", r.fromSite(), r.quarantinedAt(),
                            Sql.ts(r.at()), cut(r.detail()), r.findingId());
                    new LedgerStore(jdbc).append(r.job(), r.auditId(), List.of(new LedgerEntry.Draft(
                            LedgerEntry.Kind.REPAIR, r.recordingId(), r.site(), r.path(), r.sha256(), r.size(),
                            "from=" + r.fromSite() + (r.quarantinedAt() == null ? "" : " kept=" + r.quarantinedAt()))));
                });
    }

    private static String siteFilter(String job, Collection<String> sites, List<Object> args) {
        args.add(job);
        StringBuilder sb = new StringBuilder("s.job_name = ? AND s.site_name IN (");
        int i = 0;
        for (String s : sites) {
            sb.append(i++ == 0 ? "?" : ", ?");
            args.add(s);
        }
        return sites.isEmpty() ? "s.job_name = ? AND 1 = 0" : sb.append(")").toString();
    }

    static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
