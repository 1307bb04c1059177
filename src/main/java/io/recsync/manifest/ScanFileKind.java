package io.recsync.manifest;

import io.recsync.connector.StoragePath;
import java.util.Locale;
import java.util.Set;

/** What a scan makes of a file, by its name alone. */
enum ScanFileKind {
    AUDIO,
    SIDECAR,
    OTHER,
    IGNORED;

    static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "mp3", "ogg", "opus", "gsm", "flac");
    static final String SIDECAR_EXTENSION = "json";

    /**
     * A copy the keep-both conflict policy keeps beside the winner ({@code x.conflict-dr-20261130T101500Z.json}):
     * kept for a person, never a recording's sidecar.
     */
    private static final java.util.regex.Pattern CONFLICT_COPY =
            java.util.regex.Pattern.compile(".*\\.conflict-[A-Za-z0-9_-]+-[0-9]{8}T[0-9]{6}Z(\\.[^.]*)?");

    static ScanFileKind of(StoragePath path) {
        if (ReservedPaths.isReserved(path)) {
            return IGNORED;
        }
        String name = path.name();
        if (CONFLICT_COPY.matcher(name).matches()) {
            return IGNORED;
        }
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return OTHER;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (AUDIO_EXTENSIONS.contains(ext)) {
            return AUDIO;
        }
        return ext.equals(SIDECAR_EXTENSION) ? SIDECAR : OTHER;
    }

    /** The path without its extension: an audio file and its sidecar share it. */
    static String stem(StoragePath path) {
        String v = path.value();
        return v.substring(0, v.lastIndexOf('.'));
    }

    /** Where the sidecar of an audio file would be. */
    static StoragePath sidecarOf(StoragePath audio) {
        return StoragePath.of(stem(audio) + "." + SIDECAR_EXTENSION);
    }
}
