package io.recsync.connector.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.connector.AlreadyExistsException;
import io.recsync.connector.Sha256;
import io.recsync.connector.StoragePath;
import io.recsync.connector.WriteMode;
import io.recsync.peers.DelayProxy;
import io.recsync.peers.OpenSshServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over a long link every wait for an answer costs a round trip: count them for a put, through the
 * delay proxy (a turn is a run of bytes in one direction, so a round trip is two). A put of a
 * 256 KiB file into a directory this run already knows takes three round trips: the look at the
 * final name together with the exclusive create of the temp; the writes, the size of the open
 * handle and its close; the hard link to the final name together with the temp's removal. Before
 * the pipelined put it took about ten (directory stat and realpath, temp removal, JSch's stat before
 * its open, the open, the writes, the close, a stat of the temp, link, unlink). A count, not a time:
 * the delay only keeps the two directions apart, as a long link does. Asserted with a margin of one
 * round trip per put: on a loaded machine a request split over two TCP writes, with an answer
 * arriving between them, counts as an extra turn now and then (6.8 turns seen once, under load 8).
 */
class SftpRoundTripsIT extends BothSftpServers {

    private static final int SIZE = 256 * 1024;
    private static final int PUTS = 5;

    @Test
    void aPutIntoAKnownDirectoryTakesThreeRoundTripsOnOpenSsh() throws Exception {
        OpenSshServer.requireInstalled();
        Path site = Files.createDirectories(openSsh.root().resolve("round-trips"));
        assertRoundTrips(SftpProfiles.openSsh(openSsh, site), site, openSsh.host(), openSsh.port(), openSsh.knownHostsLine());
    }

    @Test
    void aPutIntoAKnownDirectoryTakesThreeRoundTripsOnMina() throws Exception {
        Path site = Files.createDirectories(mina.root().resolve("round-trips"));
        assertRoundTrips(SftpProfiles.mina(mina, site), site, mina.host(), mina.port(), mina.knownHostsLine());
    }

    /**
     * Directories are remembered for the run, not trusted for ever: one removed behind recsync's back
     * (an operator tidying up) is made again by the next put into it.
     */
    @Test
    void aDirectoryRemovedDuringTheRunIsMadeAgain() throws Exception {
        for (Peer peer : java.util.List.of(mina("vanishing"), openSsh("vanishing"))) {
            try (SftpConnector c = SftpProfiles.connect(peer.profile())) {
                put(c, "day/a.wav", 1);
                Files.delete(peer.site().resolve("day/a.wav"));
                Files.delete(peer.site().resolve("day"));
                put(c, "day/b.wav", 2);
            }
            assertThat(Files.readAllBytes(peer.site().resolve("day/b.wav"))).isEqualTo(bytes(SIZE, 2));
        }
    }

    private static void assertRoundTrips(Map<String, Object> direct, Path site, String host, int port, String knownHostsLine)
            throws Exception {
        try (DelayProxy proxy = new DelayProxy(host, port, 5)) {
            Path knownHosts = Files.createTempFile(work, "known_hosts", "");
            Files.writeString(knownHosts, knownHostsLine.replace("]:" + port + " ", "]:" + proxy.port() + " ") + "\n");
            Map<String, Object> profile = new LinkedHashMap<>(direct);
            profile.put("port", proxy.port());
            profile.put("knownHostsFile", knownHosts.toString());
            profile.put("maxSessions", 1);
            try (SftpConnector c = SftpProfiles.connect(profile)) {
                // The first put connects, creates the directories and proves the hard link.
                put(c, "tenant/2026/12/06/first.wav", 1);
                DelayProxy.Counts before = proxy.counts();
                for (int i = 0; i < PUTS; i++) {
                    put(c, "tenant/2026/12/06/call-" + i + ".wav", 10 + i);
                }
                double perPut = proxy.counts().minus(before).turns() / (double) PUTS;
                System.out.println("SftpRoundTripsIT " + direct.get("host") + ":" + port + ": " + perPut + " turns per put");
                assertThat(perPut).as("turns per put of %d bytes into a known directory", SIZE).isLessThanOrEqualTo(8.0);

                // A taken name is refused within the first round trip, before a byte is sent, and kept.
                before = proxy.counts();
                byte[] other = bytes(SIZE, 99);
                assertThatThrownBy(() -> c.put(StoragePath.of("tenant/2026/12/06/call-0.wav"), new ByteArrayInputStream(other),
                        SIZE, Sha256.of(other), WriteMode.CREATE_NEW))
                        .isInstanceOf(AlreadyExistsException.class);
                DelayProxy.Counts refused = proxy.counts().minus(before);
                assertThat(refused.turns()).as("turns of a refused put").isLessThanOrEqualTo(4);
                assertThat(refused.bytes()).as("bytes of a refused put").isLessThan(SIZE / 4);
            }
        }
        for (int i = 0; i < PUTS; i++) {
            assertThat(Files.readAllBytes(site.resolve("tenant/2026/12/06/call-" + i + ".wav"))).isEqualTo(bytes(SIZE, 10 + i));
        }
        try (var names = Files.list(site.resolve("tenant/2026/12/06"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    private static void put(SftpConnector c, String name, long seed) throws Exception {
        byte[] data = bytes(SIZE, seed);
        c.put(StoragePath.of(name), new ByteArrayInputStream(data), SIZE, Sha256.of(data),
                WriteMode.CREATE_NEW);
    }
}
