package io.recsync.connector;

import io.recsync.config.ConfigException;
import io.recsync.config.Settings;
import io.recsync.connector.local.LocalConnectorFactory;
import io.recsync.connector.s3.S3ConnectorFactory;
import io.recsync.connector.sftp.SftpConnectorFactory;
import io.recsync.connector.smb.SmbConnectorFactory;
import io.recsync.connector.vfs.VfsConnectorFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one registration list of connector kinds. Adding a kind is one line here. */
public final class ConnectorCatalog {

    private final Map<String, ConnectorFactory> factories = new LinkedHashMap<>();

    public ConnectorCatalog(List<ConnectorFactory> kinds) {
        for (ConnectorFactory f : kinds) {
            factories.put(f.type(), f);
        }
    }

    /** Every kind recsync ships. */
    public static ConnectorCatalog standard() {
        return new ConnectorCatalog(List.of(
                new LocalConnectorFactory(),
                new SftpConnectorFactory(),
                new SmbConnectorFactory(),
                new S3ConnectorFactory(),
                new VfsConnectorFactory()));
    }

    public List<String> types() {
        return List.copyOf(factories.keySet());
    }

    /**
     * Opens a connector for a profile whose settings hold {@code type} and the kind's fields.
     *
     * @throws ConfigException naming the file and field when the type is missing or unknown
     */
    public Connector open(Settings profile) {
        return factory(profile).create(profile);
    }

    /**
     * The one check of a job's connector profiles, made by every command that loads a job before it
     * touches a site: the same checks (and so the same message) as {@link #open}, connecting nowhere.
     *
     * @return the profiles' warnings, each once (sites sharing a profile share its warnings)
     * @throws ConfigException naming the file and field of the first profile problem
     */
    public List<String> validate(io.recsync.config.JobDefinition job) {
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
        for (io.recsync.config.SiteDefinition site : job.sites().values()) {
            Settings profile = site.connector();
            warnings.addAll(factory(profile).validate(profile));
        }
        return List.copyOf(warnings);
    }

    private ConnectorFactory factory(Settings profile) {
        String type = profile.requireString("type");
        ConnectorFactory factory = factories.get(type);
        if (factory == null) {
            throw profile.error("type", "unknown connector type '" + type + "'; known types: " + String.join(", ", types()));
        }
        return factory;
    }
}
