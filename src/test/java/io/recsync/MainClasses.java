package io.recsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The production classes of some packages, for architecture rules. ArchUnit's DO_NOT_INCLUDE_TESTS
 * knows only target/test-classes: a build with -Drecsync.build.dir=... puts them elsewhere, and
 * tests (which may cross layers) were then judged as if they were production code.
 */
public final class MainClasses {

    private static final ImportOption NO_TEST_CLASSES = location -> !location.contains("/test-classes/");

    private MainClasses() {}

    public static JavaClasses of(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(NO_TEST_CLASSES)
                .importPackages(packages);
    }
}
