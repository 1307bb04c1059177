package io.recsync.manifest;

import java.util.Locale;

/** The encodings of a manifest: JSON Lines (canonical) and CSV, each optionally gzipped. */
public enum ManifestFormat {
    JSONL(".jsonl"),
    CSV(".csv");

    private static final String GZIP = ".gz";

    private final String extension;

    ManifestFormat(String extension) {
        this.extension = extension;
    }

    /** {@code .jsonl} or {@code .csv}. */
    public String extension() {
        return extension;
    }

    /** The extension a file of this format carries, e.g. {@code .jsonl.gz}. */
    public String extension(boolean gzip) {
        return gzip ? extension + GZIP : extension;
    }

    /**
     * The format a file name announces ({@code x.jsonl}, {@code x.csv.gz}; case-insensitive).
     *
     * @throws ManifestException naming the file when the extension is none of the four
     */
    public static ManifestFormat fromFileName(String fileName) {
        String name = stripGzip(lower(fileName));
        for (ManifestFormat f : values()) {
            if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
                return f;
            }
        }
        throw new ManifestException(new ManifestProblem(String.valueOf(fileName), 0, null,
                "unknown manifest file extension; expected .jsonl, .jsonl.gz, .csv or .csv.gz"));
    }

    /** Whether the file name ends in {@code .gz}. */
    public static boolean isGzip(String fileName) {
        return lower(fileName).endsWith(GZIP);
    }

    private static String stripGzip(String lowerName) {
        return lowerName.endsWith(GZIP) ? lowerName.substring(0, lowerName.length() - GZIP.length()) : lowerName;
    }

    private static String lower(String fileName) {
        return fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    }
}
