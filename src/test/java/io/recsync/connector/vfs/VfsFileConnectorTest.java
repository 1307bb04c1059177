package io.recsync.connector.vfs;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The generic vfs kind over a file:// URI on a temp directory. */
class VfsFileConnectorTest extends VfsConnectorChecks {

    @TempDir
    Path temp;

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(temp.resolve("site"));
    }

    @Override
    protected boolean storesBackslashInNames() {
        return false;
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return new VfsConnectorFactory().create(Settings.of("test-vfs.yml",
                Map.of("type", "vfs", "uri", siteDirectory.toUri().toString())));
    }
}
