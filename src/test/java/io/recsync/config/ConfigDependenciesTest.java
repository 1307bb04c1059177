package io.recsync.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Config is read by everyone and depends on no one (connector depends on config, not the reverse). */
class ConfigDependenciesTest {

    @Test
    void configImportsNoOtherRecsyncPackageNorSpring() {
        noClasses().that().resideInAPackage("io.recsync.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.recsync.connector..",
                        "io.recsync.store..", "io.recsync.sync..", "io.recsync.job..", "io.recsync.cli..",
                        "io.recsync.manifest..", "io.recsync.report..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.recsync.config"));
    }
}
