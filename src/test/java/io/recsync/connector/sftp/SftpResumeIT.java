package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A large put cut midway keeps its partial temp; the next put of the name proves that temp's bytes
 * against the source by SHA-256 and appends only the missing tail. Against the embedded MINA server
 * (which counts the bytes written into files) and the real OpenSSH server (where the temp's size
 * before the resume tells what was kept).
 */
class SftpResumeIT extends BothSftpServers {

    static final int SIZE = 12 * 1024 * 1024; // above VerifiedPut.RESUME_THRESHOLD (8 MiB)

    private static List<String> files(Path site) throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> site.relativize(p).toString()).sorted().toList();
        }
    }

    private static void put(SftpConnector c, String path, byte[] data) {
        c.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
    }

    /** The source keeps delivering, but the link to the target dies after {@code cutAt} bytes. */
    private static InputStream cuttingAt(byte[] data, long cutAt, Breaker breaker) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            private long sent;
            private boolean broken;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!broken && sent > cutAt) {
                    broken = true;
                    try {
                        breaker.breakLink();
                    } catch (Exception e) {
                        throw new UncheckedIOException(new IOException(e));
                    }
                }
                int n = super.read(b, off, len);
                sent += Math.max(n, 0);
                return n;
            }
        };
    }

    /** Cuts a put at about 40%, then puts again; returns the partial temp's size before the resume. */
    private static long cutThenResume(Peer peer, byte[] data, Runnable beforeResume, long[] resumed) throws Exception {
        Path temp = peer.site().resolve("d/.call.wav.recsync-tmp");
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            assertThatThrownBy(() -> c.put(StoragePath.of("d/call.wav"), cuttingAt(data, data.length * 2L / 5,
                    peer.breaker()), data.length, Sha256.of(data), WriteMode.CREATE_NEW))
                    .isInstanceOf(TransientStorageException.class);
        }
        assertThat(files(peer.site())).as("only the partial temp, nothing at the final name")
                .containsExactly("d/.call.wav.recsync-tmp");
        long partial = Files.size(temp);
        assertThat(partial).isBetween(1L, (long) data.length - 1);
        assertThat(Arrays.equals(Files.readAllBytes(temp), 0, (int) partial, data, 0, (int) partial)).isTrue();

        beforeResume.run();
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            put(c, "d/call.wav", data);
            resumed[0] = c.bytesResumed();
        }
        assertThat(Sha256.of(Files.readAllBytes(peer.site().resolve("d/call.wav")))).isEqualTo(Sha256.of(data));
        assertThat(files(peer.site())).as("no temp remains").containsExactly("d/call.wav");
        return partial;
    }

    @Test
    void aCutPutResumesWritingOnlyTheMissingTailOnMina() throws Exception {
        byte[] data = bytes(SIZE, 1);
        long[] before = new long[1];
        long[] resumed = new long[1];
        long partial = cutThenResume(mina("cut"), data, () -> before[0] = mina.bytesWritten(), resumed);
        assertThat(resumed[0]).isEqualTo(partial);
        assertThat(mina.bytesWritten() - before[0]).as("bytes written by the resume").isEqualTo(SIZE - partial);
    }

    @Test
    void aCutPutResumesWritingOnlyTheMissingTailOnOpenSsh() throws Exception {
        byte[] data = bytes(SIZE, 2);
        long[] resumed = new long[1];
        long partial = cutThenResume(openSsh("cut"), data, () -> {}, resumed);
        assertThat(resumed[0]).as("bytes kept from the partial temp, not sent again").isEqualTo(partial);
    }

    private static void aTempWithOtherBytesIsRemovedAndTheFileWrittenAfresh(Peer peer) throws Exception {
        byte[] data = bytes(SIZE, 3);
        Path temp = Files.createDirectories(peer.site().resolve("d")).resolve(".call.wav.recsync-tmp");
        byte[] other = Arrays.copyOf(data, 9 * 1024 * 1024);
        other[4 * 1024 * 1024] ^= 1;
        Files.write(temp, other);
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            assertThatThrownBy(() -> put(c, "d/call.wav", data)).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("does not hold the first");
            assertThat(files(peer.site())).as("the stale temp is gone").isEmpty();
            put(c, "d/call.wav", data); // the item's retry
            assertThat(c.bytesResumed()).isZero();
        }
        assertThat(Files.readAllBytes(peer.site().resolve("d/call.wav"))).isEqualTo(data);
        assertThat(files(peer.site())).containsExactly("d/call.wav");
    }

    @Test
    void aTempWithOtherBytesIsRemovedAndTheFileWrittenAfreshOnMina() throws Exception {
        aTempWithOtherBytesIsRemovedAndTheFileWrittenAfresh(mina("other"));
    }

    @Test
    void aTempWithOtherBytesIsRemovedAndTheFileWrittenAfreshOnOpenSsh() throws Exception {
        aTempWithOtherBytesIsRemovedAndTheFileWrittenAfresh(openSsh("other"));
    }

    /** A link planted at the temp name, even to a file holding the right prefix, is never written through. */
    private static void aSymlinkAtTheTempNameIsRemovedNotAppendedTo(Peer peer, Path outside) throws Exception {
        byte[] data = bytes(SIZE, 4);
        byte[] prefix = Arrays.copyOf(data, 9 * 1024 * 1024);
        Files.write(outside, prefix);
        Path temp = Files.createDirectories(peer.site().resolve("d")).resolve(".call.wav.recsync-tmp");
        Files.createSymbolicLink(temp, outside);
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            put(c, "d/call.wav", data);
            assertThat(c.bytesResumed()).isZero();
        }
        assertThat(Files.readAllBytes(outside)).as("the link's target is untouched").isEqualTo(prefix);
        assertThat(Files.readAllBytes(peer.site().resolve("d/call.wav"))).isEqualTo(data);
        assertThat(files(peer.site())).containsExactly("d/call.wav");
    }

    @Test
    void aSymlinkAtTheTempNameIsRemovedNotAppendedToOnMina() throws Exception {
        aSymlinkAtTheTempNameIsRemovedNotAppendedTo(mina("link"), mina.root().resolve("outside-link.bin"));
    }

    @Test
    void aSymlinkAtTheTempNameIsRemovedNotAppendedToOnOpenSsh() throws Exception {
        aSymlinkAtTheTempNameIsRemovedNotAppendedTo(openSsh("link"), openSsh.root().resolve("outside-link.bin"));
    }
}
