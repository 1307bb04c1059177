package io.recsync.store;

import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A site's rows read in the order of their audio paths ({@link String#compareTo} on H2; the
 * column's collation on PostgreSQL), in pages off the {@code (site_id, audio_path)} index, each
 * page a statement of its own: a scan that lists in path order asks, for each recording it
 * found, whether the site's row already holds it exactly, without a lookup per batch. A
 * recording asked out of order, or ordered otherwise by the database, is answered "not known
 * to be unchanged" and {@link ManifestIndex#upsert} reads its row as before: the order costs speed only.
 */
public final class IndexByAudioPath {
    private static final int PAGE = 2000;

    /**
     * A row's columns as read, compared with a recording field by field: building a Recording
     * per row (paths and checksums validated again) cost more than reading the row.
     */
    private record Row(String audioPath, UUID id, String tenant, String group, Instant recordedAt, long audioSize,
            String audioSha256, String metaPath, Long metaSize, String metaSha256, long version, Instant updatedAt) {

        /** Exactly what {@code map(row).equals(r)} says, or false where a stored path is not in normal form. */
        boolean holds(Recording r) {
            FileRef m = r.metadata();
            return id.equals(r.id()) && tenant.equals(r.tenant()) && group.equals(r.group())
                    && java.util.Objects.equals(recordedAt, r.recordedAt()) && audioPath.equals(r.audio().path().value())
                    && audioSize == r.audio().size() && audioSha256.equals(r.audio().sha256())
                    && (m == null ? metaPath == null
                            : metaPath != null && metaPath.equals(m.path().value()) && metaSize != null
                                    && metaSize == m.size() && java.util.Objects.equals(metaSha256, m.sha256()))
                    && version == r.version() && java.util.Objects.equals(updatedAt, r.updatedAt());
        }
    }

    private final JdbcTemplate jdbc;
    private final long siteId;
    private final java.util.ArrayDeque<Row> page = new java.util.ArrayDeque<>();
    private String from;
    private boolean inclusive;
    private boolean done;
    private String lastAsked;

    IndexByAudioPath(JdbcTemplate jdbc, long siteId) {
        this.jdbc = jdbc;
        this.siteId = siteId;
    }

    /** Whether the site's row of {@code r}'s id holds exactly {@code r} (at {@code r}'s audio path). */
    public boolean holds(Recording r) {
        String p = r.audio().path().value();
        if (lastAsked != null && p.compareTo(lastAsked) < 0) {
            return false;
        }
        lastAsked = p;
        while (true) {
            if (page.isEmpty() && !fill()) {
                return false;
            }
            int c = page.peekFirst().audioPath().compareTo(p);
            if (c < 0) {
                page.pollFirst();
            } else if (c > 0) {
                return false;
            } else {
                for (Row row : page) {
                    if (!row.audioPath().equals(p)) {
                        return false;
                    }
                    if (row.id().equals(r.id())) {
                        return row.holds(r);
                    }
                }
                return false;
            }
        }
    }

    /** Forgets the rows read ahead: the index was written since they were read. */
    public void reread() {
        page.clear();
        done = false;
        from = lastAsked;
        inclusive = true;
    }

    private boolean fill() {
        if (done) {
            return false;
        }
        List<Row> rows = read(from == null ? "" : inclusive ? " AND audio_path >= ?" : " AND audio_path > ?", PAGE);
        if (rows.size() < PAGE) {
            done = true;
            page.addAll(rows);
            return !rows.isEmpty();
        }
        // The rows of the page's last path may go on in the next page: read them there, whole.
        String last = rows.get(rows.size() - 1).audioPath();
        int keep = rows.size();
        while (keep > 0 && rows.get(keep - 1).audioPath().equals(last)) {
            keep--;
        }
        if (keep == 0) {
            // A whole page at one audio path (not met in practice): that path's rows in one read.
            from = last;
            rows = read(" AND audio_path = ?", Integer.MAX_VALUE);
            inclusive = false;
            page.addAll(rows);
            return true;
        }
        page.addAll(rows.subList(0, keep));
        from = last;
        inclusive = true;
        return true;
    }

    private List<Row> read(String condition, int limit) {
        List<Object> args = new ArrayList<>(List.of(siteId));
        if (!condition.isEmpty()) {
            args.add(from);
        }
        // ORDER BY the index's whole prefix, so the database walks the index and sorts nothing.
        return jdbc.query("SELECT " + ManifestIndex.COLUMNS + " FROM manifest_entry WHERE site_id = ?" + condition
                + " ORDER BY site_id, audio_path" + (limit == Integer.MAX_VALUE ? "" : " FETCH FIRST " + limit + " ROWS ONLY"),
                (rs, n) -> new Row(rs.getString("audio_path"), Sql.uuid(rs, "recording_id"), rs.getString("tenant"),
                        rs.getString("grp"), Sql.instant(rs, "recorded_at"), rs.getLong("audio_size"),
                        rs.getString("audio_sha256"), rs.getString("meta_path"), Sql.nullableLong(rs, "meta_size"),
                        rs.getString("meta_sha256"), rs.getLong("version"), Sql.instant(rs, "updated_at")), args.toArray());
    }
}
