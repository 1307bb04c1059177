package io.recsync.it;

import org.junit.jupiter.api.Test;

/** local -> SMB (real smbd) and SMB (encrypted share) -> local through the whole sync job. */
class SmbCrossKindSyncIT extends CrossKindSyncIT {

    @Test
    void localToSmb() throws Exception {
        try (SiteKind smb = SmbSiteKinds.samba(tmp.resolve("smbd"))) {
            syncsAcross(SiteKind.local(tmp.resolve("l")), smb, 60);
        }
    }

    @Test
    void encryptedSmbToLocal() throws Exception {
        try (SiteKind smb = SmbSiteKinds.sambaEncrypted(tmp.resolve("smbd"))) {
            syncsAcross(smb, SiteKind.local(tmp.resolve("l")), 60);
        }
    }
}
