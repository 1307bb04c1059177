package io.recsync.it;

import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** SFTP sites for cross-kind tests: the embedded MINA server (password) and real OpenSSH (key). */
final class SftpSiteKinds {

    private SftpSiteKinds() {}

    static SiteKind mina(Path work) throws Exception {
        MinaSftpServer server = MinaSftpServer.start(work);
        return new SiteKind() {
            @Override
            public String name() {
                return "sftp-mina";
            }

            @Override
            public String newSite(String label) throws Exception {
                Files.createDirectories(server.root().resolve(label));
                return "{ type: sftp, host: " + server.host() + ", port: " + server.port() + ", username: "
                        + MinaSftpServer.USER + ", password: \"${SFTP_PASSWORD}\", root: /" + label + ", knownHostsFile: \""
                        + server.knownHostsFile() + "\" }";
            }

            @Override
            public Map<String, String> env() {
                return Map.of("SFTP_PASSWORD", server.password());
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    static SiteKind openSsh(Path work) throws Exception {
        OpenSshServer.requireInstalled();
        OpenSshServer server = OpenSshServer.start(work);
        return new SiteKind() {
            @Override
            public String name() {
                return "sftp-openssh";
            }

            @Override
            public String newSite(String label) throws Exception {
                Path dir = Files.createDirectories(work.resolve("served").resolve(label));
                return "{ type: sftp, host: " + server.host() + ", port: " + server.port() + ", username: " + server.username()
                        + ", privateKeyFile: \"" + server.clientKeyFile() + "\", root: \"" + dir.toAbsolutePath()
                        + "\", knownHostsFile: \"" + server.knownHostsFile() + "\" }";
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }
}
