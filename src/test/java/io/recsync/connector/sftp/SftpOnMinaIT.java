package io.recsync.connector.sftp;

import io.recsync.connector.Connector;
import io.recsync.connector.remote.RemoteConnectorChecks;
import io.recsync.peers.MinaSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The shared connector contract and the VFS-kind checks against the embedded MINA SSHD server: password login, strict host key. */
class SftpOnMinaIT extends RemoteConnectorChecks {

    @TempDir
    static Path work;
    static MinaSftpServer server;
    static final AtomicInteger sites = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = MinaSftpServer.start(work);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(server.root().resolve("site" + sites.incrementAndGet()));
    }

    @Override
    protected void breakConnection(Connector c) throws Exception {
        server.dropAllSessions();
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return SftpProfiles.connect(SftpProfiles.mina(server, siteDirectory));
    }
}
