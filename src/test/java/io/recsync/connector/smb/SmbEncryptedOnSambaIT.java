package io.recsync.connector.smb;

import io.recsync.connector.Connector;
import io.recsync.peers.SmbServer;
import java.nio.file.Path;
import java.util.Map;

/** The same contract and checks on a share with {@code smb encrypt = required}, the profile saying {@code encryption: true}. */
class SmbEncryptedOnSambaIT extends SmbOnSambaIT {

    @Override
    protected String share() {
        return SmbServer.ENCRYPTED_SHARE;
    }

    @Override
    protected Connector open(Path siteDirectory) {
        Map<String, Object> p = SmbProfiles.profile(samba.server(), share(), siteDirectory);
        p.put("encryption", true);
        return SmbProfiles.connect(p);
    }
}
