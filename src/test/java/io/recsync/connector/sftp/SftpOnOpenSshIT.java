package io.recsync.connector.sftp;

import io.recsync.connector.Connector;
import io.recsync.connector.remote.RemoteConnectorChecks;
import io.recsync.peers.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The shared connector contract and the VFS-kind checks against the real OpenSSH sshd: ed25519 key login, strict host key via known_hosts. */
class SftpOnOpenSshIT extends RemoteConnectorChecks {

    @TempDir
    static Path work;
    static OpenSshServer server;
    static final AtomicInteger sites = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = OpenSshServer.start(work);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(server.root().resolve("site" + sites.incrementAndGet()));
    }

    @Override
    protected void breakConnection(Connector c) throws Exception {
        server.dropConnections();
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return SftpProfiles.connect(SftpProfiles.openSsh(server, siteDirectory));
    }
}
