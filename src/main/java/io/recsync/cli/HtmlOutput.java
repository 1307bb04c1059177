package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.report.AtomicFile;
import io.recsync.sync.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** What `report --html` and `history --html` share: the exit codes' meanings and writing the page. */
final class HtmlOutput {

    private HtmlOutput() {}

    /** What an exit code means, as the README's table says; null for one this version does not know. */
    static final IntFunction<String> EXIT_MEANINGS = code -> {
        try {
            return ExitCode.of(code).meaning();
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    };

    /** Writes the page whole or not at all ({@link AtomicFile}): a mail job or a web server never picks up half a report. */
    static void write(Path file, String html, String option) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ConfigException(option + " " + file + ": the folder " + dir + " does not exist; create it or pick another");
        }
        try {
            AtomicFile.write(target, html);
        } catch (IOException e) {
            throw new ConfigException(option + " " + file + ": cannot write it (" + e.getMessage() + "); check the folder's"
                    + " permissions and free space");
        }
    }
}
