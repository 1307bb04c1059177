package io.recsync.it;

import java.nio.file.Path;
import java.util.Map;

/**
 * One storage kind as a cross-kind test uses it: a fresh empty site on its server, as the inline
 * connector profile a job file names, plus the environment its secret references need.
 */
interface SiteKind extends AutoCloseable {

    String name();

    /** An inline profile, e.g. {@code { type: local, root: /tmp/x }}, for a new empty site. */
    String newSite(String label) throws Exception;

    /** Environment variables the profiles refer to (passwords by ${ENV}). */
    default Map<String, String> env() {
        return Map.of();
    }

    @Override
    default void close() throws Exception {}

    /** Local directories under a temp root. */
    static SiteKind local(Path root) {
        return new SiteKind() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public String newSite(String label) throws Exception {
                Path dir = java.nio.file.Files.createDirectories(root.resolve(label));
                return "{ type: local, root: \"" + dir + "\" }";
            }
        };
    }
}
