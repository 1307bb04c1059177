package io.recsync.connector.smb;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorFactory;

/** Kind {@code smb}. Validates the profile at load time; connects on first use. */
public final class SmbConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "smb";
    }

    @Override
    public java.util.List<String> validate(Settings settings) {
        SmbSettings.from(settings);
        return java.util.List.of();
    }

    @Override
    public Connector create(Settings settings) {
        return SmbConnector.create(SmbSettings.from(settings));
    }
}
