package io.recsync.config;

import java.time.Duration;

/**
 * The job's {@code service:} block, read by {@code recsync sync --continuous} only (a plain sync
 * ignores it).
 *
 * @param listen where the health and metrics endpoint listens, e.g. {@code 127.0.0.1:9464}; null for no endpoint
 * @param interval how often remote sites' listings are polled for changes; null for the command's default
 */
public record ServiceSettings(HostPort listen, Duration interval) {

    public static final ServiceSettings NONE = new ServiceSettings(null, null);

    /** A host (name or IPv4 literal, or [IPv6]) and a port. */
    public record HostPort(String host, int port) {

        /**
         * Parses {@code HOST:PORT} ({@code :PORT} alone means 127.0.0.1: the endpoint is not exposed
         * unless asked).
         *
         * @throws IllegalArgumentException saying what is wrong
         */
        public static HostPort parse(String text) {
            String t = text == null ? "" : text.trim();
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("is '" + t + "', not HOST:PORT; write e.g. 127.0.0.1:9464");
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("is '" + t + "', whose port is not between 0 and 65535; write e.g."
                        + " 127.0.0.1:9464");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static ServiceSettings parse(Settings s) {
        KnownFields.check(s, "listen", "interval");
        HostPort listen = null;
        if (s.has("listen")) {
            try {
                listen = HostPort.parse(s.requireString("listen"));
            } catch (IllegalArgumentException e) {
                throw s.error("listen", e.getMessage());
            }
        }
        Duration interval = null;
        if (s.has("interval")) {
            interval = s.optionalDuration("interval", null);
            if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw s.error("interval", "must be between 1s and 1h, got " + interval.toString().substring(2).toLowerCase());
            }
        }
        s.finish();
        return new ServiceSettings(listen, interval);
    }
}
