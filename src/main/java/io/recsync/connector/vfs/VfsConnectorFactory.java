package io.recsync.connector.vfs;

import io.recsync.config.Settings;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorFactory;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.impl.StandardFileSystemManager;

/** Kind {@code vfs}. Checks at load time that the URI's provider exists and can publish by rename. */
public final class VfsConnectorFactory implements ConnectorFactory {

    /** What the verified put and the walk need from a provider. */
    private static final Set<Capability> NEEDED = EnumSet.of(Capability.READ_CONTENT, Capability.WRITE_CONTENT,
            Capability.LIST_CHILDREN, Capability.GET_TYPE, Capability.CREATE, Capability.DELETE, Capability.RENAME);

    @Override
    public String type() {
        return "vfs";
    }

    @Override
    public Connector create(Settings settings) {
        return new VfsConnector(checked(settings));
    }

    @Override
    public java.util.List<String> validate(Settings settings) {
        checked(settings);
        return java.util.List.of();
    }

    private static VfsSettings checked(Settings settings) {
        VfsSettings v = VfsSettings.from(settings);
        StandardFileSystemManager manager = null;
        try {
            manager = VfsFileSession.newManager();
            if (!manager.hasProvider(v.scheme())) {
                throw VfsSettings.unknownScheme(settings, v.scheme(), manager.getSchemes());
            }
            Collection<Capability> has = manager.getProviderCapabilities(v.scheme());
            Set<Capability> missing = EnumSet.copyOf(NEEDED);
            missing.removeAll(has);
            if (!missing.isEmpty()) {
                throw settings.error("uri", "uses scheme '" + v.scheme() + "', whose provider cannot " + missing
                        + "; recsync needs them to write under a temp name and publish by rename");
            }
        } catch (FileSystemException e) {
            throw settings.error("uri", "cannot be checked: Commons VFS did not start (" + e.getMessage() + ")");
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
        return v;
    }
}
