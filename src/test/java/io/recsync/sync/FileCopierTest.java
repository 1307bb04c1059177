package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Connector;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.local.LocalConnector;
import io.recsync.connector.local.LocalSettings;
import io.recsync.manifest.FileRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy rules on real local storage: verified or nothing, never an overwrite. */
class FileCopierTest {

    @TempDir
    Path source;

    @TempDir
    Path target;

    Connector from;
    Connector to;
    final StoragePath path = StoragePath.of("acme/support/2026/11/20/call.wav");

    @BeforeEach
    void open() {
        from = new LocalConnector(new LocalSettings(source, false, false));
        to = new LocalConnector(new LocalSettings(target, false, false));
    }

    FileRef write(Path root, String content) throws Exception {
        Path f = root.resolve(path.value());
        Files.createDirectories(f.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(f, bytes);
        return new FileRef(path, bytes.length, Sha256.of(bytes));
    }

    @Test
    void copiesAndTheTargetHoldsTheSameBytes() throws Exception {
        FileRef ref = write(source, "RIFF audio");
        assertThat(FileCopier.copy(from, to, ref)).isEqualTo(new FileCopier.Result.Copied(ref.size()));
        assertThat(Files.readString(target.resolve(path.value()))).isEqualTo("RIFF audio");
    }

    @Test
    void anIdenticalFileAlreadyThereIsNotCopiedAgain() throws Exception {
        FileRef ref = write(source, "RIFF audio");
        write(target, "RIFF audio");
        assertThat(FileCopier.copy(from, to, ref)).isInstanceOf(FileCopier.Result.AlreadyPresent.class);
    }

    @Test
    void differentBytesAtTheTargetAreLeftUntouchedAndReported() throws Exception {
        FileRef ref = write(source, "RIFF audio");
        FileRef theirs = write(target, "RIFF other");
        FileCopier.Result r = FileCopier.copy(from, to, ref);
        assertThat(r).isEqualTo(new FileCopier.Result.Occupied(theirs.size(), theirs.sha256()));
        assertThat(Files.readString(target.resolve(path.value()))).isEqualTo("RIFF other");
    }

    @Test
    void aSourceThatDoesNotMatchItsManifestIsNotCopied() throws Exception {
        FileRef ref = write(source, "RIFF audio");
        Files.writeString(source.resolve(path.value()), "RIFF rotten"); // same size, other bytes
        FileCopier.Result r = FileCopier.copy(from, to, ref);
        assertThat(r).isInstanceOf(FileCopier.Result.SourceMismatch.class);
        assertThat(((FileCopier.Result.SourceMismatch) r).detail()).contains(path.value()).contains(ref.sha256());
        assertThat(target.resolve(path.value())).doesNotExist();
        try (var s = Files.walk(target)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains(".recsync-tmp")).count()).isZero();
        }
    }
}
