package io.recsync.it;

import io.recsync.config.Settings;
import io.recsync.config.YamlLoader;
import io.recsync.connector.Connector;
import io.recsync.connector.ConnectorCatalog;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.Sha256;
import io.recsync.connector.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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

    /**
     * Every object the site holds, recsync's own {@code .recsync/} folder included, as path ->
     * "size sha256 modified": what a read-only site must still answer, unchanged, after a run.
     */
    static Map<String, String> snapshot(String inlineProfile, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        try (Connector c = open(inlineProfile, env); Stream<ObjectInfo> s = c.walk(io.recsync.connector.StoragePath.ROOT)) {
            s.forEach(o -> {
                try (InputStream in = c.open(o.path())) {
                    out.put(o.path().value(), o.size() + " " + Sha256.of(in).sha256() + " " + o.modified());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return out;
    }

    /**
     * Writes the files {@code relativePaths} under {@code localRoot} to the same paths on the site,
     * through its own connector (verified put, never overwriting): how a recorder's files get onto
     * a remote site without a sync run.
     */
    static void upload(String inlineProfile, Map<String, String> env, Path localRoot, Collection<String> relativePaths) {
        try (Connector c = open(inlineProfile, env)) {
            for (String rel : relativePaths) {
                Path file = localRoot.resolve(rel);
                String sha;
                try (InputStream in = Files.newInputStream(file)) {
                    sha = Sha256.of(in).sha256();
                }
                try (InputStream in = Files.newInputStream(file)) {
                    c.put(io.recsync.connector.StoragePath.of(rel), in, Files.size(file), sha, WriteMode.CREATE_NEW);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of one file on the site, read through its connector. */
    static byte[] read(String inlineProfile, Map<String, String> env, String relativePath) {
        try (Connector c = open(inlineProfile, env); InputStream in = c.open(io.recsync.connector.StoragePath.of(relativePath))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites one file on the site (a recorder editing a sidecar in place). */
    static void rewrite(String inlineProfile, Map<String, String> env, String relativePath, byte[] bytes) {
        try (Connector c = open(inlineProfile, env)) {
            c.put(io.recsync.connector.StoragePath.of(relativePath), new java.io.ByteArrayInputStream(bytes), bytes.length,
                    Sha256.of(bytes), WriteMode.REPLACE);
        }
    }

    /** Deletes one file on the site (a person or a fault removing a copy). */
    static void delete(String inlineProfile, Map<String, String> env, String relativePath) {
        try (Connector c = open(inlineProfile, env)) {
            c.delete(io.recsync.connector.StoragePath.of(relativePath));
        }
    }

    private static Connector open(String inlineProfile, Map<String, String> env) {
        Settings profile = new YamlLoader(env).parse("test-profile", "p: " + inlineProfile, null).root().child("p");
        return ConnectorCatalog.standard().open(profile);
    }
}
