package io.recsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationTest {

    @TempDir
    Path dir;

    /** A start skips Flyway when the history holds LATEST_VERSION: it must be the newest migration there is. */
    @Test
    void latestVersionIsTheNewestMigrationOnTheClasspath() {
        MigrationInfo[] all = Flyway.configure().dataSource("jdbc:h2:mem:latest", "", "").locations("classpath:db/migration")
                .load().info().all();
        int newest = Arrays.stream(all).mapToInt(m -> Integer.parseInt(m.getVersion().getVersion())).max().orElseThrow();
        assertThat(SchemaMigration.LATEST_VERSION).as("SchemaMigration.LATEST_VERSION").isEqualTo(newest);
    }

    @Test
    void aFreshH2FileIsBuiltBesideTheRealOneAndRenamedIntoPlace() throws Exception {
        try (StateDatabase db = StateDatabase.open(dir, null, null, null)) {
            assertThat(SchemaMigration.isCurrent(db.dataSource())).isTrue();
        }
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("recsync.mv.db").noneMatch(f -> f.contains("-new"));
        }
    }

    @Test
    void aCopyLeftByAKilledAttemptIsDiscarded() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("recsync-new.mv.db"), "half a database from a killed first start");
        try (StateDatabase db = StateDatabase.open(dir, null, null, null)) {
            assertThat(SchemaMigration.isCurrent(db.dataSource())).isTrue();
        }
        assertThat(state.resolve("recsync-new.mv.db")).doesNotExist();
    }
}
