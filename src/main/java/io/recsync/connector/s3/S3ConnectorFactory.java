package io.recsync.connector.s3;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorFactory;

/** Kind {@code s3}. Validates the profile at load time; the SDK connects on first use. */
public final class S3ConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public java.util.List<String> validate(Settings settings) {
        return S3Settings.from(settings).warnings();
    }

    @Override
    public Connector create(Settings settings) {
        return S3Connector.create(S3Settings.from(settings));
    }
}
