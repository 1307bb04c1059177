package io.recsync.it;

import org.junit.jupiter.api.Test;

/**
 * Audit and repair of an S3 target on s3proxy (see {@link AuditRepairIT}). The audits compare the
 * checksum S3 stores with each object and read back only the default 10%: damage is still found, by
 * the stored SHA-256 of the damaged objects.
 */
class S3AuditRepairIT extends AuditRepairIT {

    @Test
    void damageAtAnS3TargetIsFoundByItsStoredChecksumRepairedAndTheNextAuditIsClean() throws Exception {
        try (SiteKind s3 = S3SiteKinds.s3proxy(tmp.resolve("s3"))) {
            auditsAndRepairs(s3, 20, "10%");
        }
    }
}
