package io.recsync.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the job was when a plan was made, part by part (a site, a link and its filter, the policy,
 * the command line's filter): a failed plan is resumed only while every part is unchanged.
 */
public final class PlanDefinitionStore {

    private final JdbcTemplate jdbc;

    public PlanDefinitionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the parts of a plan that is now complete (replacing any from an earlier attempt). */
    public void save(long planId, Map<String, String> parts) {
        jdbc.update("DELETE FROM plan_definition WHERE plan_id = ?", planId);
        List<Object[]> args = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> e : parts.entrySet()) {
            args.add(new Object[] {planId, n++, cut(e.getKey(), 300), cut(e.getValue(), 4000)});
            // A value cut short still tells changes apart: its tail is a hash of the whole.
        }
        jdbc.batchUpdate("INSERT INTO plan_definition (plan_id, part_no, part_key, part_value) VALUES (?, ?, ?, ?)", args);
    }

    /** The plan's parts in the order saved; empty when its plan step never completed. */
    public Map<String, String> load(long planId) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("SELECT part_key, part_value FROM plan_definition WHERE plan_id = ? ORDER BY part_no",
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                }, planId);
        return out;
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String hash = io.recsync.connector.Sha256.of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return s.substring(0, max - hash.length() - 12) + "... sha256 " + hash;
    }
}
