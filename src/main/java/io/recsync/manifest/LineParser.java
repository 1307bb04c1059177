package io.recsync.manifest;

/** Turns one non-blank manifest line into a recording, for one format. */
interface LineParser {

    /**
     * @return the recording, or null when the line was consumed without being one (a CSV header)
     * @throws InvalidFieldException when the line breaks a rule (the reader reports it and goes on)
     * @throws ManifestException when nothing after this line can be read reliably
     */
    Recording parse(String text, long line);

    /**
     * The line as an entry: a recording, or (in formats that have one) a removal; null when the line
     * was consumed without being either.
     */
    default ManifestEntry entry(String text, long line) {
        Recording r = parse(text, line);
        return r == null ? null : new ManifestEntry.Valid(r, line);
    }
}
