package io.recsync.connector.local;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorFactory;

/** Kind {@code local}: a directory on this host (local disk or a mounted share). */
public final class LocalConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "local";
    }

    @Override
    public java.util.List<String> validate(Settings settings) {
        LocalSettings.parse(settings);
        return java.util.List.of();
    }

    @Override
    public Connector create(Settings settings) {
        return new LocalConnector(LocalSettings.from(settings));
    }
}
