package io.recsync.config;

/**
 * Where a site's manifest comes from.
 *
 * @param kind {@code scan}: walk the storage and pair audio with sidecars; {@code file}: a manifest
 *     file (or a directory of segment files) the recorder writes, at {@code path} on the site
 * @param template path template used by scans when a sidecar lacks id/tenant/group, e.g.
 *     {@code {tenant}/{group}/{yyyy}/{MM}/{dd}/{id}.{ext}}; null for none
 * @param path for {@code file}: the manifest's path relative to the site root
 */
public record ManifestSource(Kind kind, String template, String path) {

    public enum Kind { SCAN, FILE }

    public static ManifestSource scan(String template) {
        return new ManifestSource(Kind.SCAN, template, null);
    }
}
