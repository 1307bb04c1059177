package io.recsync.it;

import io.recsync.peers.SmbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * SMB sites for cross-kind tests: a private smbd, each new site a fresh directory inside one of its
 * shares, the password passed by reference as an operator's profile would (${RECSYNC_TEST_SMB_PASSWORD}).
 */
final class SmbSiteKinds {

    static final String PASSWORD_VARIABLE = "RECSYNC_TEST_SMB_PASSWORD";

    private SmbSiteKinds() {}

    /** Sites in the plain share, signing required by the profile (its default). */
    static SiteKind samba(Path work) throws Exception {
        return kind("smb", work, SmbServer.SHARE, "");
    }

    /** Sites in the share with {@code smb encrypt = required}, the profile saying {@code encryption: true}. */
    static SiteKind sambaEncrypted(Path work) throws Exception {
        return kind("smb-encrypted", work, SmbServer.ENCRYPTED_SHARE, ", encryption: true");
    }

    private static SiteKind kind(String name, Path work, String share, String shareFields) throws Exception {
        SmbServer server = SmbServer.start(work);
        return new SiteKind.OnServer(name, server.port(), server.shareDirectory(share), server) {
            @Override
            public String newSite(String label) throws Exception {
                Files.createDirectories(server.shareDirectory(share).resolve(label));
                return "{ type: smb, host: " + server.host() + ", port: " + port + ", share: " + share
                        + ", root: \"" + label + "\", username: " + server.username() + ", password: \"${"
                        + PASSWORD_VARIABLE + "}\"" + shareFields + extra + " }";
            }

            @Override
            protected Path siteDirectory(String label) {
                return server.shareDirectory(share).resolve(label);
            }

            @Override
            public Map<String, String> env() {
                return Map.of(PASSWORD_VARIABLE, server.password());
            }
        };
    }
}
