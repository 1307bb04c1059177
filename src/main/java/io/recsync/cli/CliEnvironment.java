package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.store.StateDatabase;
import io.recsync.sync.RetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may take from its surroundings: environment variables, the connector kinds,
 * how to wait between retries (and the clock that sees those waits), whether a person is watching. Tests build their own, so the whole
 * CLI runs in-process against a temporary RECSYNC_HOME.
 */
public record CliEnvironment(Map<String, String> env, ConnectorCatalog catalog, RetryPolicy.Sleeper sleeper, boolean tty,
        Clock clock) {

    public CliEnvironment(Map<String, String> env, ConnectorCatalog catalog, RetryPolicy.Sleeper sleeper, boolean tty) {
        this(env, catalog, sleeper, tty, Clock.systemUTC());
    }

    public static CliEnvironment system() {
        // The machine's zone: a --bwlimit timetable is in local time.
        return new CliEnvironment(System.getenv(), ConnectorCatalog.standard(), RetryPolicy.Sleeper.REAL,
                System.console() != null, Clock.systemDefaultZone());
    }

    /** {@code $RECSYNC_HOME}, default {@code ~/.recsync}: the state database, locks, logs. */
    public Path home() {
        String h = env.get("RECSYNC_HOME");
        if (h != null && !h.isBlank()) {
            return Path.of(h).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".recsync");
    }

    /**
     * Opens the state database: {@code --db-url}, else {@code RECSYNC_DB_URL}, else H2 under the
     * home. User and password come from {@code RECSYNC_DB_USER} / {@code RECSYNC_DB_PASSWORD}.
     */
    public StateDatabase openState(String dbUrlOption) {
        String url = dbUrlOption != null ? dbUrlOption : env.get("RECSYNC_DB_URL");
        if (url != null && url.isBlank()) {
            throw new ConfigException("RECSYNC_DB_URL is set but empty; unset it to use the embedded database");
        }
        return StateDatabase.open(home(), url, env.get("RECSYNC_DB_USER"), env.get("RECSYNC_DB_PASSWORD"));
    }
}
