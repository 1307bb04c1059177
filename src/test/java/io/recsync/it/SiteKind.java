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

    /** The port the kind's server listens on, for a proxy to stand in front of. */
    default int serverPort() {
        throw new UnsupportedOperationException(name() + " has no server to route to");
    }

    /**
     * Profiles made from now on name 127.0.0.1:{@code port} instead of the server (a
     * {@link io.recsync.peers.FaultProxy} in front of it) and carry {@code extraFields} (e.g.
     * {@code "maxSessions: 4"}, empty for none). Returns this kind.
     */
    default SiteKind route(int port, String extraFields) {
        throw new UnsupportedOperationException(name() + " cannot be routed");
    }

    /** Multipart uploads begun and neither completed nor aborted, as bucket/key (S3 only). */
    default java.util.List<String> openUploads() {
        return java.util.List.of();
    }

    /** Temp objects ({@code .recsync-tmp}) anywhere in the server's storage, read on its disk. */
    long tempObjects();

    @Override
    default void close() throws Exception {}

    /**
     * A kind whose sites live on a server: closing the kind stops the server; its profiles name the
     * server's port or, once {@link #route}d, a proxy's port and extra fields.
     */
    abstract class OnServer implements SiteKind {
        private final String name;
        private final int serverPort;
        private final Path storage;
        private final AutoCloseable server;
        /** The port profiles name. */
        protected volatile int port;
        /** Extra profile fields, each preceded by ", "; empty for none. */
        protected volatile String extra = "";

        /** {@code storage}: the server's directory on this host, where temp objects would linger. */
        protected OnServer(String name, int serverPort, Path storage, AutoCloseable server) {
            this.name = name;
            this.serverPort = serverPort;
            this.port = serverPort;
            this.storage = storage;
            this.server = server;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int serverPort() {
            return serverPort;
        }

        /** True while profiles name the server itself, not a proxy. */
        protected boolean direct() {
            return port == serverPort;
        }

        @Override
        public SiteKind route(int port, String extraFields) {
            this.port = port;
            this.extra = extraFields.isBlank() ? "" : ", " + extraFields;
            return this;
        }

        @Override
        public long tempObjects() {
            return Trees.tempFiles(storage);
        }

        /** The directory on this host where the server keeps site {@code label}'s files. */
        protected abstract Path siteDirectory(String label);

        /**
         * Where site {@code label}'s files are on this host: a test writes there as the site's own
         * recorder would, and reads back what recsync wrote.
         */
        public Path directory(String label) {
            return siteDirectory(label);
        }

        /**
         * Every file the server stored for site {@code label} and its SHA-256, read on the server's
         * own disk (much faster than through a connector for thousands of small files).
         */
        public Map<String, String> storedHashes(String label) {
            return Trees.hashes(siteDirectory(label));
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

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

            @Override
            public long tempObjects() {
                return Trees.tempFiles(root);
            }
        };
    }
}
