package io.recsync.connector.sftp;

import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Starts the embedded MINA server and, where installed, real OpenSSH once per test class. */
abstract class BothSftpServers {

    @TempDir
    static Path work;
    static MinaSftpServer mina;
    static OpenSshServer openSsh;

    @BeforeAll
    static void start() throws Exception {
        mina = MinaSftpServer.start(work.resolve("mina"));
        openSsh = OpenSshServer.installed() ? OpenSshServer.start(work.resolve("openssh")) : null;
    }

    @AfterAll
    static void stop() throws Exception {
        mina.close();
        if (openSsh != null) {
            openSsh.close();
        }
    }

    /** Cuts a server's connections as a dropped link would. */
    interface Breaker {
        void breakLink() throws Exception;
    }

    /** A fresh site on one of the two servers, with the profile to reach it and a way to cut the link. */
    record Peer(Map<String, Object> profile, Path site, Breaker breaker) {}

    static Peer mina(String name) throws IOException {
        Path site = Files.createDirectories(mina.root().resolve(name));
        return new Peer(SftpProfiles.mina(mina, site), site, mina::dropAllSessions);
    }

    static Peer openSsh(String name) throws IOException {
        OpenSshServer.requireInstalled();
        Path site = Files.createDirectories(openSsh.root().resolve(name));
        return new Peer(SftpProfiles.openSsh(openSsh, site), site, openSsh::dropConnections);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
