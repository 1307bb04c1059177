package io.recsync.connector.local;

import io.recsync.config.ConfigException;
import io.recsync.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local (or locally mounted) directory.
 *
 * @param root the site's root directory
 * @param fsync flush file and directory to disk before a put reports success (default true)
 * @param createRoot create a missing root (default false: an unmounted NAS looks like a missing
 *     or empty directory, and writing into the mount point would fill the wrong disk)
 */
public record LocalSettings(Path root, boolean fsync, boolean createRoot) {

    static LocalSettings from(Settings s) {
        LocalSettings l = parse(s);
        // The site as it is now (a NAS not mounted), not the profile: found where a site is opened, so
        // a run that meets it is recorded as such, and `sites check` shows it in its table.
        if (!Files.isDirectory(l.root) && !l.createRoot) {
            throw new ConfigException(s.source() + ": field 'root' " + l.root + " is not a directory; mount it or create it "
                    + "(or set createRoot: true if recsync should)");
        }
        return l;
    }

    /** The profile's own checks: its fields, nothing on disk. */
    static LocalSettings parse(Settings s) {
        LocalSettings l = new LocalSettings(s.requirePath("root"), s.optionalBoolean("fsync", true),
                s.optionalBoolean("createRoot", false));
        s.finish();
        return l;
    }
}
