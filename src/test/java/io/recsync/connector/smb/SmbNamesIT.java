package io.recsync.connector.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.ObjectInfo;
import io.recsync.connector.PathRejectedException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.SmbServer;
import io.recsync.peers.SmbServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names SMB forbids (a POSIX recorder's {@code 14:03:11.wav}) on a share that does not translate
 * them back (no catia/fruit): they are stored under their private-use form and still come back
 * unchanged through recsync.
 */
class SmbNamesIT {

    @RegisterExtension
    static final SmbServerExtension samba = new SmbServerExtension();

    private static SmbConnector connector(String site) throws Exception {
        Path dir = Files.createDirectories(samba.server().shareDirectory(SmbServer.RAW_NAMES_SHARE).resolve(site));
        return SmbProfiles.connect(SmbProfiles.profile(samba.server(), SmbServer.RAW_NAMES_SHARE, dir));
    }

    private static void put(SmbConnector c, String name, byte[] data) {
        c.put(StoragePath.of(name), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
    }

    @Test
    void forbiddenCharactersRoundTripThroughAShareWithoutTranslation() throws Exception {
        List<String> names = List.of("acme/2026-11-20T14:03:11Z.wav", "q/\"quoted\" <x> a|b c*d e?f.json",
                "dot/ends with a period.", "space/ends with a space ");
        try (SmbConnector c = connector("raw")) {
            int i = 0;
            for (String name : names) {
                put(c, name, new byte[] {(byte) i++});
            }
            try (Stream<ObjectInfo> all = c.walk(StoragePath.ROOT)) {
                assertThat(all.map(o -> o.path().value()).sorted().toList()).isEqualTo(names.stream().sorted().toList());
            }
            try (InputStream in = c.open(StoragePath.of("acme/2026-11-20T14:03:11Z.wav"))) {
                assertThat(in.readAllBytes()).containsExactly(0);
            }
        }
        Path onDisk = samba.server().shareDirectory(SmbServer.RAW_NAMES_SHARE).resolve("raw/acme");
        try (Stream<Path> files = Files.list(onDisk)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2026-11-20T14\uF02203\uF02211Z.wav");
        }
    }

    @Test
    void aNameHoldingTheReservedPrivateUseCharactersIsRefusedBeforeAnythingIsSent() throws Exception {
        try (SmbConnector c = connector("reserved")) {
            assertThatThrownBy(() -> put(c, "a/b\uF022c.wav", new byte[] {1})).isInstanceOf(PathRejectedException.class);
        }
        assertThat(samba.server().shareDirectory(SmbServer.RAW_NAMES_SHARE).resolve("reserved/a")).doesNotExist();
    }

    @Test
    void namesDifferingOnlyInCaseAreOneNameOnAnSmbShare() throws Exception {
        // Samba, like Windows, matches names case-insensitively: the second put must not replace the first.
        try (SmbConnector c = connector("case")) {
            put(c, "Call.wav", new byte[] {1});
            assertThatThrownBy(() -> put(c, "call.wav", new byte[] {2}))
                    .isInstanceOf(io.recsync.connector.AlreadyExistsException.class);
        }
        assertThat(Files.readAllBytes(samba.server().shareDirectory(SmbServer.RAW_NAMES_SHARE).resolve("case/Call.wav")))
                .containsExactly(1);
    }
}
