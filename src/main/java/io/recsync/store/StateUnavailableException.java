package io.recsync.store;

import java.sql.SQLException;

/** The state database cannot be reached or migrated: the run cannot start or go on (exit 1). */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The connection failure among {@code e}'s causes (SQL state class 08, a pool's connection
     * timeout, a connection closed under the run), or null: the state database went away, as
     * opposed to a statement it refused. The innermost one is returned, it is the driver's own words.
     */
    public static SQLException connectionLost(Throwable e) {
        SQLException found = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && (s instanceof java.sql.SQLTransientConnectionException
                    || s instanceof java.sql.SQLNonTransientConnectionException
                    || (s.getSQLState() != null && s.getSQLState().startsWith("08"))
                    || "Connection is closed".equals(s.getMessage()))) {
                found = s;
            }
        }
        return found;
    }

    /** Whether {@code e} is a refused login (SQL state class 28: wrong user or password) or a missing database (3D000). */
    static boolean loginRefused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("28") || s.getSQLState().equals("3D000"))) {
                return true;
            }
        }
        return false;
    }
}
