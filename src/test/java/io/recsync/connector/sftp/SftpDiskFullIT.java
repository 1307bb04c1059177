package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.PermanentStorageException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A full disk is a permanent error that says so, and leaves nothing behind. */
class SftpDiskFullIT extends BothSftpServers {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aServerThatReportsNoSpaceIsPermanentAndExplicit() throws Exception {
        Path site = Files.createDirectories(mina.root().resolve("full"));
        byte[] data = bytes(1024 * 1024);
        try (SftpConnector c = SftpProfiles.connect(SftpProfiles.mina(mina, site))) {
            mina.limitWritesTo(200_000);
            try {
                assertThatThrownBy(() -> c.put(StoragePath.of("a/call.wav"), new ByteArrayInputStream(data), data.length,
                        Sha256.of(data), WriteMode.CREATE_NEW))
                        .isInstanceOf(PermanentStorageException.class)
                        .hasMessageContaining("disk is full")
                        .hasMessageContaining("a/call.wav");
            } finally {
                mina.limitWritesTo(Long.MAX_VALUE);
            }
            assertThat(filesUnder(site)).isZero();
        }
    }

    /** A small tmpfs mounted inside the site plays the full disk (root only; skipped otherwise). */
    private static Path mountSmallDisk(Path at) throws Exception {
        Files.createDirectories(at);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "recsync-test-full", at.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (needs root): "
                + new String(mount.getInputStream().readAllBytes()));
        return at;
    }

    private static void unmount(Path at) throws Exception {
        new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
    }

    /**
     * On a real full disk both servers answer a bare "Failure" (SFTP v3 has no code for ENOSPC).
     * OpenSSH offers statvfs@openssh.com, so the connector learns the disk is full and says so.
     */
    @Test
    void aRealFullDiskBehindOpenSshIsRecognised() throws Exception {
        OpenSshServer.requireInstalled();
        Path site = Files.createDirectories(openSsh.root().resolve("realfull"));
        Path small = mountSmallDisk(site.resolve("small"));
        try {
            aRealFullDiskFailsPermanently(SftpProfiles.openSsh(openSsh, site), small, "the server's disk is full");
        } finally {
            unmount(small);
        }
    }

    /** MINA offers no statvfs: the error stays permanent and points at the disk as the usual cause. */
    @Test
    void aRealFullDiskBehindMinaPointsAtTheDisk() throws Exception {
        Path site = Files.createDirectories(mina.root().resolve("realfull"));
        Path small = mountSmallDisk(site.resolve("small"));
        try {
            aRealFullDiskFailsPermanently(SftpProfiles.mina(mina, site), small, "a full disk or an exhausted quota");
        } finally {
            unmount(small);
        }
    }

    private static void aRealFullDiskFailsPermanently(java.util.Map<String, Object> profile, Path small, String says)
            throws Exception {
        try (SftpConnector c = SftpProfiles.connect(profile)) {
            byte[] data = bytes(2 * 1024 * 1024);
            assertThatThrownBy(() -> c.put(StoragePath.of("small/call.wav"), new ByteArrayInputStream(data), data.length,
                    Sha256.of(data), WriteMode.CREATE_NEW))
                    .isInstanceOf(PermanentStorageException.class)
                    .hasMessageContaining(says)
                    .hasMessageContaining("small/call.wav");
            assertThat(filesUnder(small)).as("the temp was removed").isZero();
            byte[] fits = bytes(100_000);
            // The failed write's handle is closed by dropping its channel; OpenSSH's sftp-server for that
            // channel exits (and the file system frees the removed temp's blocks) a moment later, so a
            // put made at once may still meet the full disk. Within a few seconds it must fit.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    c.put(StoragePath.of("small/fits.wav"), new ByteArrayInputStream(fits), fits.length, Sha256.of(fits),
                            WriteMode.CREATE_NEW);
                    break;
                } catch (PermanentStorageException stillFull) {
                    if (System.nanoTime() > deadline) {
                        throw stillFull;
                    }
                    Thread.sleep(200);
                }
            }
            assertThat(Files.readAllBytes(small.resolve("fits.wav"))).isEqualTo(fits);
        }
    }
}
