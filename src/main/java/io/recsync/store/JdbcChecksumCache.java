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
                    CachedChecksum c = row(rs, o.path());
                    if (c.matches(o)) {
                        hits.put(o.path(), c);
                    }
                }, args.toArray());
        return hits;
    }

    private static CachedChecksum row(java.sql.ResultSet rs, StoragePath path) throws java.sql.SQLException {
        return new CachedChecksum(path, rs.getLong("size"), fromNanos(rs.getLong("modified_ns")), rs.getString("sha256"),
                sidecar(rs));
    }

    /** A cached sidecar's identity, null for audio. */
    private static Sidecar sidecar(java.sql.ResultSet rs) throws java.sql.SQLException {
        if (!rs.getBoolean("is_sidecar")) {
            return null;
        }
        long v = rs.getLong("sc_version");
        // wasNull() speaks of the column read last: ask it before reading another one,
        // or a sidecar without a version comes back as version 0 and is refused.
        Long version = rs.wasNull() ? null : v;
        return new Sidecar(Sql.uuid(rs, "sc_id"), rs.getString("sc_tenant"), rs.getString("sc_group"),
                Sql.instant(rs, "sc_recorded_at"), version, null, null, null, Sql.instant(rs, "sc_updated_at"));
    }

    /**
     * The site's cache read in pages of {@code PAGE} rows off its primary key (site, path), each
     * page a statement of its own (no cursor held open across the scan's writes, on H2 or
     * PostgreSQL): the heap holds one page whatever the site's size.
     */
    @Override
    public Ordered ordered() {
        return new Pages();
    }

    static final int PAGE = 2000;

    private final class Pages implements Ordered {
        private final java.util.ArrayDeque<Row> page = new java.util.ArrayDeque<>();
        private String after;
        private String lastAsked;
        private boolean done;

        /** A cached row by its path as the database spells it (the entry is made only for a match). */
        private record Row(String path, long size, long modifiedNs, String sha256, Sidecar sidecar) {}

        @Override
        public CachedChecksum next(ObjectInfo info) {
            String p = info.path().value();
            if (lastAsked != null && p.compareTo(lastAsked) <= 0) {
                return null; // listed out of order: lookup() answers for it
            }
            lastAsked = p;
            while (true) {
                if (page.isEmpty() && !fill()) {
                    return null;
                }
                Row head = page.peekFirst();
                int c = head.path().compareTo(p);
                if (c < 0) {
                    page.pollFirst();
                } else if (c == 0) {
                    page.pollFirst();
                    CachedChecksum entry = new CachedChecksum(info.path(), head.size(), fromNanos(head.modifiedNs()),
                            head.sha256(), head.sidecar());
                    return entry.matches(info) ? entry : null;
                } else {
                    return null;
                }
            }
        }

        private boolean fill() {
            if (done) {
                return false;
            }
            List<Object> args = new ArrayList<>(List.of(siteId));
            if (after != null) {
                args.add(after);
            }
            // ORDER BY the key's whole prefix, so the database reads the primary key in order and sorts nothing.
            jdbc.query("SELECT * FROM checksum_cache WHERE site_id = ?" + (after == null ? "" : " AND path > ?")
                    + " ORDER BY site_id, path FETCH FIRST " + PAGE + " ROWS ONLY", rs -> {
                        page.addLast(new Row(rs.getString("path"), rs.getLong("size"), rs.getLong("modified_ns"),
                                rs.getString("sha256"), sidecar(rs)));
                    }, args.toArray());
            if (page.size() < PAGE) {
                done = true;
            }
            if (!page.isEmpty()) {
                after = page.peekLast().path();
            }
            return !page.isEmpty();
        }
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
