package io.recsync.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ordered scan merge on the embedded H2 state database. */
class ScanMergeTest extends ScanMergeContract {

    @TempDir
    Path dir;

    @Override
    StateDatabase openDatabase(Path d) {
        return StoreFixture.open(d.resolve("home"));
    }

    @Override
    Path dir() {
        return dir;
    }
}
