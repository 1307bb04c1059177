package io.recsync.it;

import java.util.List;

/** The end-to-end sync suite on the default state database: an H2 file under RECSYNC_HOME. */
class H2SyncIT extends AbstractSyncIT {

    @Override
    List<String> dbArgs() {
        return List.of();
    }
}
