package io.recsync.it;

import org.junit.jupiter.api.Test;

/** local -> S3, S3 -> SMB and S3 -> SFTP through the whole sync job, S3 on an in-process s3proxy. */
class S3CrossKindSyncIT extends CrossKindSyncIT {

    @Test
    void localToS3() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            syncsAcross(SiteKind.local(tmp.resolve("l")), s3, 60);
        }
    }

    @Test
    void s3ToSftp() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3")); SiteKind sftp = SftpSiteKinds.mina(tmp.resolve("mina"))) {
            syncsAcross(s3, sftp, 40);
        }
    }

    @Test
    void s3ToSmb() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3")); SiteKind smb = SmbSiteKinds.samba(tmp.resolve("smb"))) {
            syncsAcross(s3, smb, 40);
        }
    }
}
