package io.recsync.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link SmbServer} per test class: {@code @RegisterExtension static final SmbServerExtension samba
 * = new SmbServerExtension();} starts it before the class's first test and stops it after its last,
 * in a work directory of its own.
 */
public final class SmbServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final SmbServer.Options options;
    private Path work;
    private SmbServer server;

    public SmbServerExtension() {
        this(SmbServer.Options.DEFAULT);
    }

    public SmbServerExtension(SmbServer.Options options) {
        this.options = options;
    }

    public SmbServer server() {
        if (server == null) {
            throw new IllegalStateException("the SMB server runs only while a test class that registers it runs");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("recsync-smbd");
        server = SmbServer.start(work, options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
