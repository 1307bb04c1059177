package io.recsync.store;

import java.util.List;

/**
 * A {@code paths:} glob as an exact SQL condition on an audio path, evaluated by the database so
 * that no site's list is ever loaded to filter it.
 * <p>
 * A glob whose only wildcard is {@code **} becomes {@code LIKE} ({@code **} is {@code %}; literal
 * {@code %}, {@code _} and the escape character are escaped), which an index on the path can serve
 * for a fixed prefix. {@code *} and {@code ?} must not cross {@code /}, which LIKE cannot say, so
 * such a glob becomes an anchored regular expression using only what Java regex (H2) and POSIX ARE
 * (PostgreSQL) read alike: {@code ^ $ .* [^/]* [^/]} and backslash-escaped punctuation.
 */
final class PathGlobSql {

    /** {@code !} needs no quoting in SQL or Java strings, unlike a backslash, on either database. */
    private static final char LIKE_ESCAPE = '!';
    private static final String REGEX_SPECIAL = "\\^$.|?*+()[]{}";

    private PathGlobSql() {}

    /** The condition over {@code column} for one glob, appending its parameter to {@code args}. */
    static String condition(String glob, String column, SqlDialect dialect, List<Object> args) {
        if (likeIsExact(glob)) {
            args.add(like(glob));
            return column + " LIKE ? ESCAPE '" + LIKE_ESCAPE + "'";
        }
        args.add(regex(glob));
        return dialect.regexMatch(column);
    }

    /** True when every {@code *} is part of a {@code **} and there is no {@code ?}. */
    static boolean likeIsExact(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '?') {
                return false;
            }
            if (c == '*') {
                int run = starRun(glob, i);
                if (run == 1) {
                    return false;
                }
                i += run - 1;
            }
        }
        return true;
    }

    static String like(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                i += starRun(glob, i) - 1;
                b.append('%');
            } else {
                if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                    b.append(LIKE_ESCAPE);
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    static String regex(String glob) {
        StringBuilder b = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                int run = starRun(glob, i);
                b.append(run >= 2 ? ".*" : "[^/]*");
                i += run - 1;
            } else if (c == '?') {
                b.append("[^/]");
            } else {
                // Only punctuation is escaped: a backslash before a letter or digit would be a
                // class (\d, \w) in both dialects, before punctuation it means the character itself.
                if (REGEX_SPECIAL.indexOf(c) >= 0) {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.append('$').toString();
    }

    private static int starRun(String glob, int from) {
        int j = from;
        while (j < glob.length() && glob.charAt(j) == '*') {
            j++;
        }
        return j - from;
    }
}
