package io.recsync.connector.smb;

import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import io.recsync.connector.StoragePath;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** What every session of one SMB site shares: its settings as SMBJ configuration and credentials. */
final class SmbSite {

    final SmbSettings settings;
    final String description;

    SmbSite(SmbSettings settings) {
        this.settings = settings;
        this.description = settings.describe();
    }

    /**
     * A configuration for one connection. Each gets its own client GUID: Samba hands every
     * connection that shows a GUID it already serves to the same server process (multichannel), so
     * a shared GUID would put all parallel transfers on one process of the server.
     */
    SmbConfig newConfig() {
        long timeout = settings.timeout().toMillis();
        return SmbConfig.builder()
                .withClientGuid(UUID.randomUUID())
                .withDialects(settings.dialects())
                .withSigningRequired(settings.signing())
                .withEncryptData(settings.encryption())
                .withDfsEnabled(false)
                // Bounds each request's wait for its answer. No socket read timeout: SMBJ's reader
                // treats one as a dead connection, which would kill every idle pooled connection.
                .withTimeout(timeout, TimeUnit.MILLISECONDS)
                .withSoTimeout(0)
                .withSocketFactory(new ConnectTimeoutSocketFactory((int) timeout))
                .build();
    }

    /** Fresh per login: SMBJ keeps the password array it is given. */
    AuthenticationContext credentials() {
        return new AuthenticationContext(settings.username(), settings.password().reveal().toCharArray(),
                settings.domain());
    }

    /** The '\'-separated path of {@code p} inside the share. */
    String path(StoragePath p) {
        return SmbNames.path(settings.root(), p);
    }
}
