package io.recsync.connector;

import io.recsync.config.Settings;

/**
 * Creates connectors of one kind from a profile's settings. One per package under
 * {@code connector/<kind>/}, registered in {@link ConnectorCatalog}.
 */
public interface ConnectorFactory {

    /** The profile's {@code type} value, e.g. {@code local}, {@code sftp}. */
    String type();

    /**
     * Parses and validates {@code settings} (every key must be known: unknown keys are errors
     * naming the file and field) and opens a connector. Connecting lazily is allowed; a profile
     * error must surface here as a {@link io.recsync.config.ConfigException}.
     */
    Connector create(Settings settings);

    /**
     * Every check {@link #create} makes of {@code settings} (unknown or misspelt fields, missing or
     * literal secrets, unreadable key files), without opening anything: what `jobs show`, `sites
     * check`, `sync` and `resync` all run before touching a site, so each refuses a profile with
     * the same message. The default creates a connector (which connects lazily) and closes it.
     *
     * @return what is allowed but should be said first, once per run (an unencrypted endpoint,
     *     host-key checks turned off); never secrets
     */
    default java.util.List<String> validate(Settings settings) {
        create(settings).close();
        return java.util.List.of();
    }
}
