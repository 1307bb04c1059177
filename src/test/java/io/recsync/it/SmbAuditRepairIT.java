package io.recsync.it;

import org.junit.jupiter.api.Test;

/** Audit and repair of an SMB target on a real smbd (see {@link AuditRepairIT}). */
class SmbAuditRepairIT extends AuditRepairIT {

    @Test
    void damageAtAnSmbTargetIsNamedRepairedAndTheNextAuditIsClean() throws Exception {
        try (SiteKind smb = SmbSiteKinds.samba(tmp.resolve("smbd"))) {
            auditsAndRepairs(smb, 20);
        }
    }
}
