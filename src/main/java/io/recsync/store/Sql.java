package io.recsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Conversions both JDBC drivers (H2, PostgreSQL) agree on. */
final class Sql {

    private Sql() {}

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static UUID uuid(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, UUID.class);
    }

    /**
     * A derived table {@code k(v)} of {@code n} parameters, to join a batch of keys against an
     * index. Not {@code col IN (?, ?, ...)}: H2 evaluates such a list against every row the rest of
     * the condition selects (all of a site's rows), which made a batch lookup cost the size of the
     * table and a refresh of a million recordings quadratic. A join probes the index once per key,
     * on H2 and PostgreSQL alike.
     *
     * @param type the SQL type of the keys, e.g. {@code UUID} or {@code VARCHAR(1024)}
     */
    static String keys(int n, String type) {
        String one = "(CAST(? AS " + type + "))";
        return "(VALUES " + String.join(", ", java.util.Collections.nCopies(n, one)) + ") AS k(v)";
    }

    static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
