package io.recsync.connector.local;

import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The local connector through the shared contract. */
class LocalConnectorTest extends ConnectorContract {

    @TempDir
    Path root;

    @Override
    protected Connector newConnector() {
        return new LocalConnector(new LocalSettings(root, true, false));
    }

    @Override
    protected Optional<Path> backingDirectory() {
        return Optional.of(root);
    }
}
