package io.recsync.sync;

import io.recsync.connector.StoragePath;

/**
 * Names of the copies recsync keeps instead of destroying anything: replaced files go to the
 * site's quarantine, and the keep-both policy also keeps a loser beside the winner.
 */
public final class ConflictCopies {

    /** Where a site keeps what recsync replaced there, relative to its root. */
    public static final String QUARANTINE = ".recsync/quarantine";

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    private ConflictCopies() {}

    /** The time in a beside copy's name: {@code 20261130T101500Z}. */
    public static String stamp(java.time.Instant at) {
        return STAMP.format(at);
    }

    /**
     * {@code acme/x/0b7c.json} from site {@code dr} becomes {@code acme/x/0b7c.conflict-dr-20261130T101500Z.json}:
     * beside the winner, named for the site and time, and never taken for a recording's sidecar
     * (a scan skips such names: see {@code ScanFileKind}).
     */
    public static String besideName(String path, String site, String stamp) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        String suffix = ".conflict-" + site + "-" + stamp;
        return dot > slash ? path.substring(0, dot) + suffix + path.substring(dot) : path + suffix;
    }

    /**
     * Where a replaced file is kept: under the quarantine, at its own path with its checksum in the
     * name, so a retried replace finds its copy already there and two replaced versions never collide.
     */
    public static StoragePath quarantined(StoragePath path, String sha256) {
        String p = path.value();
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        String tag = "." + sha256.substring(0, 16);
        String name = dot > slash ? p.substring(0, dot) + tag + p.substring(dot) : p + tag;
        return StoragePath.of(QUARANTINE + "/" + name);
    }
}
