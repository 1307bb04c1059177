package io.recsync.connector.smb;

import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.peers.SmbServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connector profiles for the test Samba server, as an operator would write them. */
final class SmbProfiles {

    private SmbProfiles() {}

    /** {@code siteDir} lies in the directory behind {@code share}; it becomes the profile's root. */
    static Map<String, Object> profile(SmbServer server, String share, Path siteDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "smb");
        m.put("host", server.host());
        m.put("port", server.port());
        m.put("share", share);
        m.put("root", server.shareDirectory(share).relativize(siteDir).toString());
        m.put("username", server.username());
        m.put("password", new Secret(server.password()));
        m.put("timeout", "20s");
        return m;
    }

    static SmbConnector connect(Map<String, Object> profile) {
        return (SmbConnector) new SmbConnectorFactory().create(Settings.of("nas-smb.yml", profile));
    }
}
