package io.recsync.connector;

/** A path that must never reach storage: absolute, '..', control characters, outside the root. */
public class PathRejectedException extends StorageException {

    private final String path;

    public PathRejectedException(String path, String reason) {
        super("path rejected: " + reason + ": '" + printable(path) + "'", null);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** Control characters shown escaped so the message itself stays one clean line. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
