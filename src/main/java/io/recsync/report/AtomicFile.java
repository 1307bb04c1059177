package io.recsync.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file that others read while it may be rewritten (an HTML report a web server serves, a
 * textfile node_exporter scrapes): whole or not at all. The text goes to a temporary file in the
 * same folder, is forced to disk, and is renamed over the target in one step, so a reader sees
 * the old file or the new one, never half of one.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /**
     * @throws IOException the folder is missing or not writable, the disk is full, or the file
     *     system cannot rename atomically (said so in the message)
     */
    public static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            // A temporary file is private (0600); these files are meant to be read by others (a
            // report's readers, node_exporter's user): keep the mode of the file replaced, else 0644.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temp + " over " + target + " in one step on this file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
