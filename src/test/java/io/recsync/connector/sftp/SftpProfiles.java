package io.recsync.connector.sftp;

import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.peers.MinaSftpServer;
import io.recsync.peers.OpenSshServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connector profiles for the test servers, as an operator would write them (strict host keys on). */
final class SftpProfiles {

    private SftpProfiles() {}

    /** Password login, host key from the server's known_hosts line; {@code siteDir} lies under the server root. */
    static Map<String, Object> mina(MinaSftpServer server, Path siteDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "sftp");
        m.put("host", server.host());
        m.put("port", server.port());
        m.put("username", MinaSftpServer.USER);
        m.put("password", new Secret(server.password()));
        m.put("root", "/" + server.root().relativize(siteDir).toString().replace('\\', '/'));
        m.put("knownHostsFile", server.knownHostsFile().toString());
        return m;
    }

    /** Key login, host key from known_hosts; {@code siteDir} is an absolute directory sshd serves. */
    static Map<String, Object> openSsh(OpenSshServer server, Path siteDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "sftp");
        m.put("host", server.host());
        m.put("port", server.port());
        m.put("username", server.username());
        m.put("privateKeyFile", server.clientKeyFile().toString());
        m.put("root", siteDir.toAbsolutePath().toString());
        m.put("knownHostsFile", server.knownHostsFile().toString());
        return m;
    }

    static SftpConnector connect(Map<String, Object> profile) {
        return (SftpConnector) new SftpConnectorFactory().create(Settings.of("dr-sftp.yml", profile));
    }
}
