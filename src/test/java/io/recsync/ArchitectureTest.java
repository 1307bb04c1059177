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

    /** The shared remote base serves every remote kind and knows none of them. */
    @Test
    void theRemoteBaseKnowsNoKind() {
        noClasses().that().resideInAPackage("io.recsync.connector.remote..")
                .should().dependOnClassesThat().resideInAnyPackage("io.recsync.connector.vfs..",
                        "io.recsync.connector.sftp..", "io.recsync.connector.smb..", "io.recsync.connector.s3..",
                        "io.recsync.connector.local..")
                .check(CLASSES);
    }

    /** Each kind stands on the contract and the remote base, never on another kind. */
    @Test
    void noConnectorKindDependsOnAnother() {
        String[] kinds = {"vfs", "sftp", "smb", "s3", "local"};
        for (String kind : kinds) {
            String[] others = java.util.Arrays.stream(kinds).filter(k -> !k.equals(kind))
                    .map(k -> "io.recsync.connector." + k + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.recsync.connector." + kind + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(CLASSES);
        }
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
     * The continuous service decides when a sync runs; what a run does stays the job's: the service
     * package knows neither the command line nor Spring Batch nor the state, and only the command
     * line starts it.
     */
    @Test
    void theServiceLoopStandsBetweenTheCommandLineAndTheSync() {
        noClasses().that().resideInAPackage("io.recsync.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.recsync.cli..", "io.recsync.job..",
                        "io.recsync.store..", "org.springframework..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackages("io.recsync.cli..", "io.recsync.service..")
                .should().dependOnClassesThat().resideInAPackage("io.recsync.service..")
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

    /**
     * JSch's ChannelSftp.realpath() is the one call that does not first make the calling thread the
     * reader of the channel's pipe; from a new thread, after the one that read last had ended, it
     * could kill the channel ("inputstream is closed"). Sessions ask realpath over their own put
     * channel (SftpWire) instead; see SftpThreadsComeAndGoIT.
     */
    @Test
    void noCallToJschRealpath() {
        noClasses().should().callMethod(com.jcraft.jsch.ChannelSftp.class, "realpath", String.class)
                .because("JSch's realpath() does not claim the channel's pipe for the calling thread")
                .check(CLASSES);
    }
}
