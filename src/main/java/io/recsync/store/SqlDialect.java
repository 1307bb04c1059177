package io.recsync.store;

/**
 * What differs between the two state databases in the SQL recsync writes. Everything else is kept
 * to the part of SQL both understand.
 */
public enum SqlDialect {

    /** H2 2.x: Java regular expressions through REGEXP_LIKE. */
    H2 {
        @Override
        String regexMatch(String column) {
            return "REGEXP_LIKE(" + column + ", ?)";
        }
    },

    /** PostgreSQL: POSIX regular expressions through {@code ~} (regexp_like only exists from 15 on). */
    POSTGRESQL {
        @Override
        String regexMatch(String column) {
            return column + " ~ ?";
        }
    };

    /**
     * A condition true when {@code column} contains a match of the regex given as the one
     * parameter. Anchor the regex to match the whole value; it must use only the syntax Java and
     * POSIX ARE share (see {@link PathGlobSql}).
     */
    abstract String regexMatch(String column);
}
