package io.recsync.store;

import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The manifest index: what each site holds, one row per (site, recording). Written in batches
 * (one SELECT, one batched INSERT and UPDATE per batch) so that refreshing millions of entries
 * costs a few thousand round trips, not millions.
 */
public final class ManifestIndex {

    /** Where an index row came from. */
    public enum Origin {
        SCAN, FILE, SEGMENT, COPIED;

        /** Rows recsync wrote for files it placed and verified itself (its copies, its own segments). */
        boolean placedByRecsync() {
            return this == SEGMENT || this == COPIED;
        }
    }

    /**
     * Counts of one {@link #upsert} call.
     *
     * @param alteredCopies files a scan found changed at the path where recsync placed them
     */
    public record UpsertResult(int inserted, int updated, int unchanged, List<Duplicate> duplicates,
            List<AlteredCopy> alteredCopies) {}

    /**
     * A scan found different audio bytes at the path where recsync placed (and verified) a copy:
     * {@code placed} is what recsync's own record says, {@code found} what the storage holds now.
     */
    public record AlteredCopy(Recording placed, Recording found) {}

    /** The same UUID listed twice, differently, within one refresh of one site. */
    public record Duplicate(Recording first, Recording second) {}

    static final String COLUMNS = "recording_id, tenant, grp, recorded_at, audio_path, audio_size, audio_sha256, "
            + "meta_path, meta_size, meta_sha256, version, updated_at";

    private final JdbcTemplate jdbc;

    public ManifestIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds or updates a batch of entries of one site. An entry already written by this same refresh
     * with different content is a duplicate UUID in the site's manifest: reported, not applied.
     */
    public UpsertResult upsert(long siteId, long refreshId, Origin origin, List<Recording> batch) {
        return upsert(siteId, refreshId, origin, batch, false);
    }

    /**
     * @param touch also stamp unchanged rows with {@code refreshId}, so that a full rescan can
     *     afterwards drop the rows it did not see ({@link #dropUnseen})
     */
    public UpsertResult upsert(long siteId, long refreshId, Origin origin, List<Recording> batch, boolean touch) {
        return upsert(siteId, refreshId, origin, batch, touch, Map.of());
    }

    /**
     * @param known recordings of the batch (by id) that a {@link ByAudioPath} reader found
     *     exactly as the site's row holds them: counted unchanged without being read again. They
     *     stay in the batch, so a duplicate id within it is reported as before. Ignored with
     *     {@code touch}, which must read each row's stamp.
     */
    public UpsertResult upsert(long siteId, long refreshId, Origin origin, List<Recording> batch, boolean touch,
            Map<UUID, Recording> known) {
        // recsync's own segments are replayed in the order they were written, and a later one lists
        // a recording again when recsync changed it there (its metadata updated, or a conflict
        // resolved by replacing the file): the later line supersedes, it is no duplicate. A full
        // rescan replays them all in one refresh.
        Map<UUID, Recording> incoming = new LinkedHashMap<>();
        List<Duplicate> duplicates = new ArrayList<>();
        for (Recording r : batch) {
            Recording prev = incoming.putIfAbsent(r.id(), r);
            if (prev != null && !prev.equals(r)) {
                if (origin == Origin.SEGMENT) {
                    incoming.put(r.id(), r);
                } else {
                    duplicates.add(new Duplicate(prev, r));
                }
            }
        }
        List<UUID> toRead = new ArrayList<>();
        for (Recording r : incoming.values()) {
            if (touch || !r.equals(known.get(r.id()))) {
                toRead.add(r.id());
            }
        }
        Map<UUID, Existing> existing = existing(siteId, toRead);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        int unchanged = 0;
        List<Object[]> touches = new ArrayList<>();
        List<AlteredCopy> altered = new ArrayList<>();
        for (Recording r : incoming.values()) {
            if (!touch && r.equals(known.get(r.id()))) {
                unchanged++;
                continue;
            }
            Existing e = existing.get(r.id());
            if (e != null && origin == Origin.SCAN && e.origin.placedByRecsync()
                    && e.recording.audio().path().equals(r.audio().path())
                    && !e.recording.audio().sha256().equals(r.audio().sha256())) {
                altered.add(new AlteredCopy(e.recording, r));
            }
            if (e == null) {
                inserts.add(insertArgs(siteId, refreshId, origin, r));
            } else if (e.recording.equals(r)) {
                unchanged++;
                if (touch && e.refreshId != refreshId) {
                    touches.add(new Object[] {refreshId, siteId, r.id()});
                }
            } else if (e.refreshId == refreshId && origin != Origin.SEGMENT) {
                duplicates.add(new Duplicate(e.recording, r));
            } else {
                updates.add(updateArgs(siteId, refreshId, origin, r));
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO manifest_entry (site_id, " + COLUMNS + ", origin, refresh_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE manifest_entry SET tenant = ?, grp = ?, recorded_at = ?, audio_path = ?, audio_size = ?, "
                    + "audio_sha256 = ?, meta_path = ?, meta_size = ?, meta_sha256 = ?, version = ?, updated_at = ?, origin = ?, "
                    + "refresh_id = ? "
                    + "WHERE site_id = ? AND recording_id = ?", updates);
        }
        if (!touches.isEmpty()) {
            jdbc.batchUpdate("UPDATE manifest_entry SET refresh_id = ? WHERE site_id = ? AND recording_id = ?", touches);
        }
        if (!inserts.isEmpty() || !updates.isEmpty()) {
            PlanSignatureStore.bumpStamped(jdbc, siteId, refreshId);
        }
        return new UpsertResult(inserts.size(), updates.size(), unchanged, duplicates, altered);
    }

    /**
     * After a complete rescan: forgets the rows of the site (within the filter's scope) that the
     * scan did not see, so that files lost at a site are planned again.
     *
     * @param scope the operator's filter, resolved against the run's start
     * @return rows dropped
     */
    public int dropUnseen(long siteId, long refreshId, io.recsync.config.LinkFilter scope, SqlDialect dialect) {
        List<Object> args = new ArrayList<>(List.of(siteId, refreshId));
        int dropped = jdbc.update("DELETE FROM manifest_entry s WHERE s.site_id = ? AND s.refresh_id <> ?"
                + PlanStore.where(scope, dialect, args), args.toArray());
        if (dropped > 0) {
            PlanSignatureStore.bump(jdbc, siteId);
        }
        return dropped;
    }

    /** Records what a transfer put on a target, in the caller's (chunk) transaction. */
    public void recordCopied(long targetSiteId, long refreshId, List<Recording> copied) {
        if (copied.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>();
        for (Recording r : copied) {
            args.add(insertArgs(targetSiteId, refreshId, Origin.COPIED, r));
        }
        // A metadata-only copy meets an existing row: replace it whole (same UUID, same audio).
        jdbc.batchUpdate("DELETE FROM manifest_entry WHERE site_id = ? AND recording_id = ?",
                args.stream().map(a -> new Object[] {a[0], a[1]}).toList());
        jdbc.batchUpdate("INSERT INTO manifest_entry (site_id, " + COLUMNS + ", origin, refresh_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
        PlanSignatureStore.bumpStamped(jdbc, targetSiteId, refreshId);
    }

    /**
     * Forgets the site's rows of {@code ids}: the site no longer holds them (a removal line of its
     * segments, or a fallback copy recsync released there). A row that vanishes is invisible to an
     * incremental plan, so the site is marked for a plan in full.
     *
     * @return rows removed
     */
    public int remove(long siteId, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        int[] counts = jdbc.batchUpdate("DELETE FROM manifest_entry WHERE site_id = ? AND recording_id = ?",
                ids.stream().map(id -> new Object[] {siteId, id}).toList());
        int removed = java.util.Arrays.stream(counts).map(c -> Math.max(c, 0)).sum();
        if (removed > 0) {
            PlanSignatureStore.bump(jdbc, siteId);
        }
        return removed;
    }

    public long count(long siteId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM manifest_entry WHERE site_id = ?", Long.class, siteId);
        return n == null ? 0 : n;
    }

    /** Streams a site's entries (ordered by id) without holding them all. */
    public void forEach(long siteId, Consumer<Recording> consumer) {
        jdbc.query("SELECT " + COLUMNS + " FROM manifest_entry WHERE site_id = ? ORDER BY recording_id",
                rs -> {
                    consumer.accept(map(rs));
                }, siteId);
    }

    /**
     * The recording the site's index lists with its audio at {@code audioPath}, if exactly one: what
     * recsync placed or identified there (a scan asks this for audio that lost its sidecar).
     */
    public java.util.Optional<Recording> findByAudioPath(long siteId, String audioPath) {
        List<Recording> r = jdbc.query("SELECT " + COLUMNS + " FROM manifest_entry WHERE site_id = ? AND audio_path = ?",
                (rs, n) -> map(rs), siteId, audioPath);
        return r.size() == 1 ? java.util.Optional.of(r.get(0)) : java.util.Optional.empty();
    }

    public Recording find(long siteId, UUID id) {
        List<Recording> r = jdbc.query("SELECT " + COLUMNS + " FROM manifest_entry WHERE site_id = ? AND recording_id = ?",
                (rs, n) -> map(rs), siteId, id);
        return r.isEmpty() ? null : r.get(0);
    }

    /** A reader of the site's rows in audio-path order, for a scan that lists its site in that order. */
    public IndexByAudioPath byAudioPath(long siteId) {
        return new IndexByAudioPath(jdbc, siteId);
    }

    /** Removes a site's index so that the next refresh rebuilds it (operator's full resync). */
    public void clear(long siteId) {
        jdbc.update("DELETE FROM manifest_entry WHERE site_id = ?", siteId);
        PlanSignatureStore.bump(jdbc, siteId);
    }

    static Recording map(ResultSet rs) throws SQLException {
        FileRef audio = new FileRef(StoragePath.of(rs.getString("audio_path")), rs.getLong("audio_size"),
                rs.getString("audio_sha256"));
        String metaPath = rs.getString("meta_path");
        FileRef meta = metaPath == null ? null
                : new FileRef(StoragePath.of(metaPath), rs.getLong("meta_size"), rs.getString("meta_sha256"));
        return new Recording(Sql.uuid(rs, "recording_id"), rs.getString("tenant"), rs.getString("grp"),
                Sql.instant(rs, "recorded_at"), audio, meta, rs.getLong("version"), Sql.instant(rs, "updated_at"));
    }

    private record Existing(Recording recording, long refreshId, Origin origin) {}


    private Map<UUID, Existing> existing(long siteId, java.util.Collection<UUID> ids) {
        Map<UUID, Existing> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Object[] args = new Object[ids.size() + 1];
        int i = 0;
        for (UUID id : ids) {
            args[i++] = id;
        }
        args[i] = siteId;
        jdbc.query("SELECT " + COLUMNS.replaceAll("(^|, )", "$1e.") + ", e.refresh_id, e.origin FROM " + Sql.keys(ids.size(), "UUID")
                + " JOIN manifest_entry e ON e.recording_id = k.v WHERE e.site_id = ?",
                rs -> {
                    Recording r = map(rs);
                    found.put(r.id(), new Existing(r, rs.getLong("refresh_id"), Origin.valueOf(rs.getString("origin"))));
                }, args);
        return found;
    }

    private static Object[] insertArgs(long siteId, long refreshId, Origin origin, Recording r) {
        FileRef m = r.metadata();
        return new Object[] {siteId, r.id(), r.tenant(), r.group(), Sql.ts(r.recordedAt()), r.audio().path().value(),
            r.audio().size(), r.audio().sha256(), m == null ? null : m.path().value(), m == null ? null : m.size(),
            m == null ? null : m.sha256(), r.version(), Sql.ts(r.updatedAt()), origin.name(), refreshId};
    }

    private static Object[] updateArgs(long siteId, long refreshId, Origin origin, Recording r) {
        FileRef m = r.metadata();
        return new Object[] {r.tenant(), r.group(), Sql.ts(r.recordedAt()), r.audio().path().value(), r.audio().size(),
            r.audio().sha256(), m == null ? null : m.path().value(), m == null ? null : m.size(),
            m == null ? null : m.sha256(), r.version(), Sql.ts(r.updatedAt()), origin.name(), refreshId, siteId,
            r.id()};
    }
}
