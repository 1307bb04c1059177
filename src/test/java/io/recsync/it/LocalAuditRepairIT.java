package io.recsync.it;

import org.junit.jupiter.api.Test;

/** Audit and repair of a local target (see {@link AuditRepairIT}). */
class LocalAuditRepairIT extends AuditRepairIT {

    @Test
    void damageAtALocalTargetIsNamedRepairedAndTheNextAuditIsClean() throws Exception {
        auditsAndRepairs(SiteKind.local(tmp.resolve("l")), 20);
    }
}
