package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.TransientStorageException;
import io.recsync.connector.WriteMode;
import io.recsync.peers.FreezableTcpProxy;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A link that drops (server restarted, NAT timeout, reset): the call in flight fails as transient,
 * nothing half-written remains, and the next call reconnects by itself. Against both servers.
 */
class SftpLinkFailureIT extends BothSftpServers {

    private static void put(SftpConnector c, String path, byte[] data) {
        c.put(StoragePath.of(path), new ByteArrayInputStream(data), data.length, Sha256.of(data), WriteMode.CREATE_NEW);
    }

    private static List<String> files(Path site) throws IOException {
        try (Stream<Path> s = Files.walk(site)) {
            return s.filter(Files::isRegularFile).map(p -> site.relativize(p).toString()).sorted().toList();
        }
    }

    private static void idleSessionsDroppedAreReplaced(Peer peer) throws Exception {
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            put(c, "a.wav", bytes(1000, 1));
            int opened = c.sessionsOpened();
            peer.breaker().breakLink();
            Throwable first = catchThrowable(() -> c.stat(StoragePath.of("a.wav")));
            if (first != null) {
                assertThat(first).isInstanceOf(TransientStorageException.class).hasMessageContaining("sftp://");
            }
            assertThat(c.stat(StoragePath.of("a.wav")).size()).isEqualTo(1000);
            put(c, "b.wav", bytes(2000, 2));
            assertThat(c.sessionsOpened()).isGreaterThan(opened);
        }
        assertThat(files(peer.site())).containsExactly("a.wav", "b.wav");
    }

    @Test
    void droppedSessionsAreReplacedOnMina() throws Exception {
        idleSessionsDroppedAreReplaced(mina("idle"));
    }

    @Test
    void droppedSessionsAreReplacedOnOpenSsh() throws Exception {
        idleSessionsDroppedAreReplaced(openSsh("idle"));
    }

    /** The source keeps delivering, but the link to the target dies after a quarter of the bytes. */
    private static void aLinkDyingMidUploadLeavesNothing(Peer peer) throws Exception {
        byte[] data = bytes(4 * 1024 * 1024, 7);
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            InputStream source = new FilterInputStream(new ByteArrayInputStream(data)) {
                private long sent;
                private boolean broken;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (!broken && sent > data.length / 4) {
                        broken = true;
                        try {
                            peer.breaker().breakLink();
                        } catch (Exception e) {
                            throw new UncheckedIOException(new IOException(e));
                        }
                    }
                    int n = super.read(b, off, len);
                    sent += Math.max(n, 0);
                    return n;
                }
            };
            assertThatThrownBy(() -> c.put(StoragePath.of("d/call.wav"), source, data.length, Sha256.of(data),
                    WriteMode.CREATE_NEW)).isInstanceOf(TransientStorageException.class);
            assertThat(files(peer.site())).as("no temp, nothing at the final name").isEmpty();
            put(c, "d/call.wav", data); // the retry the job would make
        }
        assertThat(Files.readAllBytes(peer.site().resolve("d/call.wav"))).isEqualTo(data);
    }

    @Test
    void aLinkDyingMidUploadLeavesNothingOnMina() throws Exception {
        aLinkDyingMidUploadLeavesNothing(mina("upload"));
    }

    @Test
    void aLinkDyingMidUploadLeavesNothingOnOpenSsh() throws Exception {
        aLinkDyingMidUploadLeavesNothing(openSsh("upload"));
    }

    private static void aLinkDyingMidDownloadFailsTheRead(Peer peer) throws Exception {
        byte[] data = bytes(8 * 1024 * 1024, 9);
        try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
            put(c, "r.wav", data);
            InputStream in = c.open(StoragePath.of("r.wav"));
            assertThat(in.readNBytes(64 * 1024)).isEqualTo(java.util.Arrays.copyOf(data, 64 * 1024));
            peer.breaker().breakLink();
            assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(IOException.class);
            in.close();
            try (InputStream again = c.open(StoragePath.of("r.wav"))) {
                assertThat(Sha256.of(again).sha256()).isEqualTo(Sha256.of(data));
            }
        }
    }

    @Test
    void aLinkDyingMidDownloadFailsTheReadOnMina() throws Exception {
        aLinkDyingMidDownloadFailsTheRead(mina("download"));
    }

    @Test
    void aLinkDyingMidDownloadFailsTheReadOnOpenSsh() throws Exception {
        aLinkDyingMidDownloadFailsTheRead(openSsh("download"));
    }

    /**
     * The far end goes silent without closing anything. JSch only notices through its own
     * keep-alives, so readTimeout must bound the wait: a hung nightly run is worse than a retry.
     */
    @Test
    void aLinkThatGoesSilentFailsWithinTheReadTimeout() throws Exception {
        try (FreezableTcpProxy proxy = new FreezableTcpProxy(mina.host(), mina.port())) {
            Map<String, Object> p = SftpProfiles.mina(mina, Files.createDirectories(mina.root().resolve("silent")));
            p.put("port", proxy.port());
            p.remove("knownHostsFile"); // known_hosts names the server's own port, not the relay's
            p.put("hostKeyFingerprint", mina.hostKeyFingerprint());
            p.put("readTimeout", "2s");
            p.put("keepAlive", "1s");
            try (SftpConnector c = SftpProfiles.connect(p)) {
                put(c, "before.wav", bytes(1000, 1));
                proxy.freeze();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> c.stat(StoragePath.of("before.wav"))).isInstanceOf(TransientStorageException.class);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(seconds).as("waited about readTimeout, not for ever").isBetween(1.0, 8.0);
                proxy.thaw();
                assertThat(c.stat(StoragePath.of("before.wav")).size()).isEqualTo(1000);
            }
        }
    }

    /** A port that accepts but never speaks SSH (a wrong port, a hung daemon) fails after connectTimeout. */
    @Test
    void aServerThatNeverAnswersFailsAfterTheConnectTimeout() throws Exception {
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Map<String, Object> p = SftpProfiles.mina(mina, Files.createDirectories(mina.root().resolve("mute")));
            p.put("port", mute.getLocalPort());
            p.put("connectTimeout", "1s");
            try (SftpConnector c = SftpProfiles.connect(p)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> c.stat(StoragePath.of("x.wav"))).isInstanceOf(TransientStorageException.class);
                assertThat((System.nanoTime() - t0) / 1e9).isBetween(0.5, 6.0);
            }
        }
    }

    @Test
    void aServerThatIsGoneIsTransient() throws Exception {
        Map<String, Object> p = SftpProfiles.mina(mina, Files.createDirectories(mina.root().resolve("gone")));
        p.put("port", freePort());
        p.put("connectTimeout", "2s");
        try (SftpConnector c = SftpProfiles.connect(p)) {
            assertThatThrownBy(() -> c.stat(StoragePath.of("x.wav"))).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
