package io.recsync.connector.sftp;

import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.nio.file.Path;
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
}
