package io.recsync.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.recsync.MainClasses;
import org.junit.jupiter.api.Test;

/** Config is read by everyone and depends on no one (connector depends on config, not the reverse). */
class ConfigDependenciesTest {

    @Test
    void configImportsNoOtherRecsyncPackageNorSpring() {
        noClasses().that().resideInAPackage("io.recsync.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.recsync.connector..",
                        "io.recsync.store..", "io.recsync.sync..", "io.recsync.job..", "io.recsync.cli..",
                        "io.recsync.manifest..", "io.recsync.report..")
                .check(MainClasses.of("io.recsync.config"));
    }
}
