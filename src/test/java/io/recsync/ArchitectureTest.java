package io.recsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The dependency direction of DESIGN.md: cli -> job -> sync -> (manifest, connector, store). */
class ArchitectureTest {

    private static final JavaClasses CLASSES = MainClasses.of("io.recsync");

    @Test
    void connectorsAndManifestsKnowNothingOfSpringOrTheLayersAbove() {
        noClasses().that().resideInAnyPackage("io.recsync.connector..", "io.recsync.manifest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "io.recsync.store..", "io.recsync.sync..", "io.recsync.job..", "io.recsync.cli..")
                .check(CLASSES);
    }

    @Test
    void configStandsAlone() {
        noClasses().that().resideInAPackage("io.recsync.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.recsync.connector..",
                        "io.recsync.store..", "io.recsync.sync..", "io.recsync.job..", "io.recsync.cli..")
                .check(CLASSES);
    }

    @Test
    void springBatchStaysInTheJobPackage() {
        noClasses().that().resideOutsideOfPackages("io.recsync.job..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.batch..")
                .check(CLASSES);
    }

    @Test
    void syncDoesNotReachUpIntoJobOrCli() {
        noClasses().that().resideInAnyPackage("io.recsync.sync..", "io.recsync.store..", "io.recsync.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.recsync.job..", "io.recsync.cli..")
                .check(CLASSES);
    }

    /**
     * No shell, no child process: nothing from a manifest or a profile can ever become a command.
     * (The launcher script builds the jar; recsync itself starts no program.)
     */
    @Test
    void noProcessIsEverStarted() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class)
                .orShould().callMethod(Runtime.class, "exec", String[].class, String[].class, java.io.File.class)
                .orShould().callMethod(Runtime.class, "exec", String.class, String[].class)
                .orShould().callMethod(Runtime.class, "exec", String.class, String[].class, java.io.File.class)
                .check(CLASSES);
    }
}
