package io.recsync.store;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A plan cut into partitions for workers (README "Scaling out"): the item-id ranges, and the sites
 * a partition's pending items read and write (which a worker checks before it copies).
 */
public final class PartitionRanges {

    private final JdbcTemplate jdbc;

    public PartitionRanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sites (sources and targets) of a partition's pending items. */
    public java.util.Set<Long> sitesInRange(long planId, String link, long fromId, long toId) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        jdbc.query("SELECT DISTINCT source_site_id, target_site_id FROM transfer_item WHERE plan_id = ? "
                + "AND status = 'PENDING' AND item_id >= ? AND item_id <= ? AND link_name = ?", rs -> {
                    out.add(rs.getLong(1));
                    out.add(rs.getLong(2));
                }, planId, fromId, toId, link);
        return out;
    }

    /** A partition of a plan: one link's items with ids in {@code [fromId, toId]}. */
    public record ItemRange(String link, long fromId, long toId, long items) {}

    /**
     * The plan's items (whatever their status) cut into ranges of at most {@code size} items, per
     * link in item-id order: the same ranges every time for one plan, so a restarted run's
     * partitions (Spring Batch hands a failed partition its old range again) are the first run's,
     * with no gap and no overlap; a worker copies only what is still PENDING in its range. Streams
     * the ids (one row at a time), so a plan of millions costs no heap.
     */
    public List<ItemRange> itemRanges(long planId, int size) {
        List<ItemRange> ranges = new ArrayList<>();
        long[] state = new long[3]; // from, last, count
        String[] link = new String[1];
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT link_name, item_id FROM transfer_item WHERE plan_id = ? "
                    + "ORDER BY link_name, item_id");
            ps.setFetchSize(1000);
            ps.setLong(1, planId);
            return ps;
        }, rs -> {
            String l = rs.getString(1);
            long id = rs.getLong(2);
            if (link[0] != null && (!link[0].equals(l) || state[2] >= size)) {
                ranges.add(new ItemRange(link[0], state[0], state[1], state[2]));
                link[0] = null;
            }
            if (link[0] == null) {
                link[0] = l;
                state[0] = id;
                state[2] = 0;
            }
            state[1] = id;
            state[2]++;
        });
        if (link[0] != null) {
            ranges.add(new ItemRange(link[0], state[0], state[1], state[2]));
        }
        return ranges;
    }
}
