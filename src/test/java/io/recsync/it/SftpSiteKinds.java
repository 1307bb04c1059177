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
        return new SiteKind.OnServer("sftp-mina", server.port(), server.root(), server) {
            @Override
            public String newSite(String label) throws Exception {
                Files.createDirectories(server.root().resolve(label));
                return "{ type: sftp, host: " + server.host() + ", port: " + port + ", username: "
                        + MinaSftpServer.USER + ", password: \"${SFTP_PASSWORD}\", root: /" + label + ", "
                        + trust(direct(), server.knownHostsFile(), server.hostKeyFingerprint()) + extra + " }";
            }

            @Override
            protected Path siteDirectory(String label) {
                return server.root().resolve(label);
            }

            @Override
            public Map<String, String> env() {
                return Map.of("SFTP_PASSWORD", server.password());
            }
        };
    }

    static SiteKind openSsh(Path work) throws Exception {
        OpenSshServer.requireInstalled();
        OpenSshServer server = OpenSshServer.start(work);
        String fingerprint = server.hostKeyFingerprint();
        return new SiteKind.OnServer("sftp-openssh", server.port(), work.resolve("served"), server) {
            @Override
            public String newSite(String label) throws Exception {
                Path dir = Files.createDirectories(work.resolve("served").resolve(label));
                return "{ type: sftp, host: " + server.host() + ", port: " + port + ", username: " + server.username()
                        + ", privateKeyFile: \"" + server.clientKeyFile() + "\", root: \"" + dir.toAbsolutePath()
                        + "\", " + trust(direct(), server.knownHostsFile(), fingerprint) + extra + " }";
            }

            @Override
            protected Path siteDirectory(String label) {
                return work.resolve("served").resolve(label);
            }
        };
    }

    /** known_hosts names the server's own port; through a proxy the host key is pinned instead. */
    private static String trust(boolean direct, Path knownHosts, String fingerprint) {
        return direct ? "knownHostsFile: \"" + knownHosts + "\"" : "hostKeyFingerprint: \"" + fingerprint + "\"";
    }
}
