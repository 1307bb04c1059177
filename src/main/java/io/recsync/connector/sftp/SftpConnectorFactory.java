package io.recsync.connector.sftp;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorFactory;

/** Kind {@code sftp}. Validates the profile (and the private key) at load time; connects on first use. */
public final class SftpConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "sftp";
    }

    @Override
    public java.util.List<String> validate(Settings settings) {
        return SftpSettings.from(settings).warnings();
    }

    @Override
    public Connector create(Settings settings) {
        return SftpConnector.create(SftpSettings.from(settings));
    }
}
