package io.recsync.connector.smb;

import io.recsync.connector.Connector;
import io.recsync.connector.remote.RemoteConnectorChecks;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared connector contract and the remote-kind checks against a real Samba server, plain
 * share, signing required by the client (the profile default), every file checked on the disk
 * behind the share.
 */
class SmbOnSambaIT extends RemoteConnectorChecks {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension();
    static final AtomicInteger sites = new AtomicInteger();

    /** Which share the sites live in. */
    protected String share() {
        return SmbServer.SHARE;
    }

    @Override
    protected Path newSiteDirectory() throws Exception {
        return Files.createDirectories(samba.server().shareDirectory(share()).resolve("site" + sites.incrementAndGet()));
    }

    @Override
    protected void breakConnection(Connector c) {
        samba.server().dropConnections();
    }

    @Override
    protected Connector open(Path siteDirectory) {
        return SmbProfiles.connect(SmbProfiles.profile(samba.server(), share(), siteDirectory));
    }
}
