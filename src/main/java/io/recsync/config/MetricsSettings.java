package io.recsync.config;

import java.net.URI;

/**
 * A job's {@code metrics:} block.
 *
 * @param pushgateway where a run pushes its metrics when it ends (a Prometheus Pushgateway's base
 *     URL, e.g. {@code http://pushgw:9091}); null: no push (the {@code --pushgateway} option overrides)
 */
public record MetricsSettings(URI pushgateway) {

    public static final MetricsSettings NONE = new MetricsSettings(null);

    /**
     * A Pushgateway base URL as given in a job or on the command line.
     *
     * @throws IllegalArgumentException saying what is wrong and what to give instead
     */
    public static URI pushgatewayUrl(String given) {
        URI u;
        try {
            u = new URI(given.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("is '" + given + "', not a URL (" + e.getReason() + "); give the Pushgateway's"
                    + " base URL, e.g. http://pushgateway.example:9091");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("is '" + given + "', not an http(s) URL; give the Pushgateway's base URL, e.g."
                    + " http://pushgateway.example:9091");
        }
        return u;
    }
}
