package io.recsync.connector;

import java.nio.charset.StandardCharsets;

/**
 * Where an unfinished put lives: beside its final name, under a name derived from it, so a leftover
 * of a crashed run is found (and replaced) by the next put of the same object, and never listed.
 * The one definition of the temp-name mark: every connector names its temps here, and walks,
 * scans and manifest validation recognise them with {@link #isTemp}.
 */
public final class TempNames {

    /** The mark every temp name ends with. */
    public static final String MARK = ".recsync-tmp";
    /** Most file systems cap one name at 255 bytes. */
    private static final int MAX_NAME_BYTES = 255;

    private TempNames() {}

    public static StoragePath tempFor(StoragePath target) {
        String name = target.name();
        String temp = "." + name + MARK;
        if (temp.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            // Still deterministic, still recognisable, short enough for any file system.
            temp = "." + Sha256.of(name.getBytes(StandardCharsets.UTF_8)).substring(0, 40) + MARK;
        }
        return target.sibling(temp);
    }

    /**
     * Whether a name is (or was) a temp object: any name carrying the mark, whoever or whichever
     * version of recsync made it. Such names are never listed, scanned or accepted in a manifest.
     */
    public static boolean isTemp(String name) {
        return name.contains(MARK);
    }
}
