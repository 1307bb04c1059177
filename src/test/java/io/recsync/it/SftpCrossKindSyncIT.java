package io.recsync.it;

import org.junit.jupiter.api.Test;

/** local -> SFTP (real OpenSSH) and SFTP (MINA) -> local through the whole sync job. */
class SftpCrossKindSyncIT extends CrossKindSyncIT {

    @Test
    void localToOpenSsh() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.openSsh(tmp.resolve("sshd"))) {
            syncsAcross(SiteKind.local(tmp.resolve("l")), sftp, 60);
        }
    }

    @Test
    void minaToLocal() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            syncsAcross(sftp, SiteKind.local(tmp.resolve("l")), 60);
        }
    }
}
