package io.recsync.it;

import org.junit.jupiter.api.Test;

/** Audit and repair of an SFTP target on a real OpenSSH server (see {@link AuditRepairIT}). */
class SftpAuditRepairIT extends AuditRepairIT {

    @Test
    void damageAtAnOpenSshTargetIsNamedRepairedAndTheNextAuditIsClean() throws Exception {
        try (SiteKind sftp = SftpSiteKinds.openSsh(tmp.resolve("sshd"))) {
            auditsAndRepairs(sftp, 20);
        }
    }
}
