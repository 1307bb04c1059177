package io.recsync.it;

import org.junit.jupiter.api.Test;

/** The cross-kind harness on the kind every machine has. */
class LocalToLocalSyncIT extends CrossKindSyncIT {

    @Test
    void localToLocal() throws Exception {
        syncsAcross(SiteKind.local(tmp.resolve("l1")), SiteKind.local(tmp.resolve("l2")), 60);
    }
}
