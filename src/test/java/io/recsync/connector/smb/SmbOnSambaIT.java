package io.recsync.connector.smb;

import io.recsync.connector.Connector;
import io.recsync.connector.vfs.VfsConnectorChecks;
import io.recsync.peers.SmbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared connector contract and the remote-kind checks against a real Samba server, plain
 * share, signing required by the client (the profile default), every file checked on the disk
 * behind the share.
 */
class SmbOnSambaIT extends VfsConnectorChecks {

    @TempDir
    static Path work;
    static SmbServer server;
    static final AtomicInteger sites = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = SmbServer.start(work);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Which share the sites live in. */
    protected String share() {
        return SmbServer.SHARE;
    }

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(server.shareDirectory(share()).resolve("site" + sites.incrementAndGet()));
    }

    @Override
    protected void breakConnection(Connector c) {
        server.dropConnections();
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return SmbProfiles.connect(SmbProfiles.profile(server, share(), siteDirectory));
    }
}
