package io.recsync.manifest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.recsync.MainClasses;
import org.junit.jupiter.api.Test;

/** The manifest package is used by the job, the store and the CLI, so it may depend on none of them. */
class ManifestArchitectureTest {

    @Test
    void manifestDependsOnNoFrameworkAndNoHigherLayer() {
        JavaClasses classes = MainClasses.of("io.recsync.manifest");

        noClasses().that().resideInAPackage("io.recsync.manifest..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.recsync.store..", "io.recsync.sync..",
                        "io.recsync.job..", "io.recsync.cli..", "io.recsync.config..")
                .check(classes);
    }
}
