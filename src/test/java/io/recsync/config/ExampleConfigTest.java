package io.recsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped examples are what operators copy: they must load as they are. */
class ExampleConfigTest {

    @Test
    void nightlyJobLoadsWithoutAnyEnvironment() {
        JobLoader.LoadedJob loaded = JobLoader.loadWithWarnings(Path.of("jobs/nightly.yml"), Map.of());
        JobDefinition job = loaded.job();
        assertThat(job.name()).isEqualTo("nightly");
        assertThat(job.sites()).containsOnlyKeys("hq", "dr");
        assertThat(job.site("hq").readOnly()).isTrue();
        assertThat(job.site("hq").connector().requireString("type")).isEqualTo("local");
        assertThat(job.site("hq").connector().requirePath("root")).isEqualTo(Path.of("/srv/recordings/hq"));
        assertThat(job.site("dr").connector().source()).isEqualTo("connectors/dr-local.yml");
        assertThat(job.links()).extracting(LinkDefinition::name).containsExactly("hq->dr");
        assertThat(job.links().get(0).filter()).isEqualTo(LinkFilter.ALL);
        assertThat(job.transfer()).isEqualTo(TransferSettings.DEFAULTS);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void nightlyJobFollowsRecsyncData() {
        JobDefinition job = JobLoader.load(Path.of("jobs/nightly.yml"), Map.of("RECSYNC_DATA", "/data"));
        assertThat(job.site("dr").connector().requirePath("root")).isEqualTo(Path.of("/data/dr"));
    }
}
