package io.recsync.store;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import io.recsync.manifest.CachedChecksum;
import io.recsync.manifest.ChecksumCache;
import io.recsync.manifest.Sidecar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scan's checksum cache for one site, in the state database: one SELECT and one batched
 * write per scan batch. Modification times are kept to the nanosecond, since a file rewritten
 * within the same millisecond must still count as changed.
 */
public final class JdbcChecksumCache implements ChecksumCache {

    private final JdbcTemplate jdbc;
    private final long siteId;

    public JdbcChecksumCache(JdbcTemplate jdbc, long siteId) {
        this.jdbc = jdbc;
        this.siteId = siteId;
    }

    @Override
    public Map<StoragePath, CachedChecksum> lookup(List<ObjectInfo> batch) {
        Map<StoragePath, CachedChecksum> hits = new HashMap<>();
        if (batch.isEmpty()) {
            return hits;
        }
        Map<String, ObjectInfo> wanted = new HashMap<>();
        List<Object> args = new ArrayList<>();
        for (ObjectInfo o : batch) {
            wanted.put(o.path().value(), o);
            args.add(o.path().value());
        }
        args.add(siteId);
        jdbc.query("SELECT c.* FROM " + Sql.keys(batch.size(), "VARCHAR(1024)") + " JOIN checksum_cache c ON c.path = k.v "
                + "WHERE c.site_id = ?", rs -> {
                    ObjectInfo o = wanted.get(rs.getString("path"));
                    Sidecar sidecar = null;
                    if (rs.getBoolean("is_sidecar")) {
                        long v = rs.getLong("sc_version");
                        // wasNull() speaks of the column read last: ask it before reading another one,
                        // or a sidecar without a version comes back as version 0 and is refused.
                        Long version = rs.wasNull() ? null : v;
                        sidecar = new Sidecar(Sql.uuid(rs, "sc_id"), rs.getString("sc_tenant"), rs.getString("sc_group"),
                                Sql.instant(rs, "sc_recorded_at"), version, null, null, null,
                                Sql.instant(rs, "sc_updated_at"));
                    }
                    CachedChecksum c = new CachedChecksum(o.path(), rs.getLong("size"), fromNanos(rs.getLong("modified_ns")),
                            rs.getString("sha256"), sidecar);
                    if (c.matches(o)) {
                        hits.put(o.path(), c);
                    }
                }, args.toArray());
        return hits;
    }

    @Override
    public void store(List<CachedChecksum> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("DELETE FROM checksum_cache WHERE site_id = ? AND path = ?",
                entries.stream().map(e -> new Object[] {siteId, e.path().value()}).toList());
        List<Object[]> rows = new ArrayList<>();
        for (CachedChecksum e : entries) {
            Sidecar s = e.sidecar();
            rows.add(new Object[] {siteId, e.path().value(), e.size(), toNanos(e.modified()), e.sha256(), s != null,
                s == null ? null : s.id(), s == null ? null : s.tenant(), s == null ? null : s.group(),
                s == null ? null : Sql.ts(s.recordedAt()), s == null ? null : s.version(),
                s == null ? null : Sql.ts(s.updatedAt())});
        }
        jdbc.batchUpdate("INSERT INTO checksum_cache (site_id, path, size, modified_ns, sha256, is_sidecar, sc_id, sc_tenant, "
                + "sc_group, sc_recorded_at, sc_version, sc_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    static long toNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    static Instant fromNanos(long n) {
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
}
