package io.recsync.store;

import io.recsync.connector.StoragePath;
import io.recsync.manifest.FileRef;
import io.recsync.manifest.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** A fresh H2 state database and a way to make recordings for store tests. */
final class StoreFixture {

    private StoreFixture() {}

    static StateDatabase open(Path dir) {
        return StateDatabase.open(dir, null, null, null);
    }

    static Recording recording(int n, String tenant, String group, Instant at, boolean withMetadata) {
        UUID id = new UUID(0x1234_0000_0000_4000L | n, 0x8000_0000_0000_0000L | n);
        String base = tenant + "/" + group + "/" + id;
        FileRef audio = new FileRef(StoragePath.of(base + ".wav"), 1000 + n, sha(n, 'a'));
        FileRef meta = withMetadata ? new FileRef(StoragePath.of(base + ".json"), 100 + n, sha(n, 'b')) : null;
        return new Recording(id, tenant, group, at, audio, meta, 1);
    }

    static String sha(int n, char fill) {
        String hex = Integer.toHexString(n);
        return String.valueOf(fill).repeat(64 - hex.length()) + hex;
    }
}
