package io.recsync.it;

import io.recsync.config.Settings;
import io.recsync.config.YamlLoader;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every recording file a site holds and its SHA-256, read through the site's own connector. */
final class SiteContents {

    private SiteContents() {}

    static Map<String, String> hashes(String inlineProfile, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        try (Connector c = open(inlineProfile, env); Stream<ObjectInfo> s = c.walk(io.recsync.connector.StoragePath.ROOT)) {
            s.filter(o -> !o.path().value().startsWith(".recsync/")).forEach(o -> {
                try (InputStream in = c.open(o.path())) {
                    out.put(o.path().value(), Sha256.of(in).sha256());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return out;
    }

    /** Every path the site holds, recsync's own {@code .recsync/} folder included. */
    static List<String> allPaths(String inlineProfile, Map<String, String> env) {
        try (Connector c = open(inlineProfile, env); Stream<ObjectInfo> s = c.walk(io.recsync.connector.StoragePath.ROOT)) {
            return s.map(o -> o.path().value()).toList();
        }
    }

    private static Connector open(String inlineProfile, Map<String, String> env) {
        Settings profile = new YamlLoader(env).parse("test-profile", "p: " + inlineProfile, null).root().child("p");
        return ConnectorCatalog.standard().open(profile);
    }
}
