package io.recsync.cli;

import io.recsync.config.ConfigException;
import io.recsync.sync.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Writes the page whole or not at all: to a temporary file beside {@code file}, then renamed over
     * it, so a mail job or a web server never picks up half a report.
     */
    static void write(Path file, String html, String option) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ConfigException(option + " " + file + ": the folder " + dir + " does not exist; create it or pick another");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            // A temporary file is private (0600); a report is meant to be read by others, as the file it replaces was.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConfigException(option + " " + file + ": cannot write it (" + e.getMessage() + "); check the folder's"
                    + " permissions and free space");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the rename took it, or the folder vanished; nothing else to do
                }
            }
        }
    }
}
