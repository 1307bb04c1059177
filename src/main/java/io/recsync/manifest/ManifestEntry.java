package io.recsync.manifest;

/**
 * What a manifest reader or a site scan yields for one line or one recording. A bad line is an
 * {@link Invalid} entry rather than an exception so that it is reported, never silently dropped,
 * and the lines after it are still read.
 */
public sealed interface ManifestEntry {

    /** 1-based line in the manifest, 0 for entries that come from a scan. */
    long line();

    /** A recording that passed every check. */
    record Valid(Recording recording, long line) implements ManifestEntry {}

    /**
     * A removal line ({@code {"id": "...", "removed": true}}, recsync's segments only): the site no
     * longer holds the recording; it supersedes every earlier line for that id (a later line for the
     * id, a new copy, supersedes it in turn).
     */
    record Removed(java.util.UUID id, long line) implements ManifestEntry {}

    /** A line or file that could not be turned into a recording, and why. */
    record Invalid(ManifestProblem problem) implements ManifestEntry {
        @Override
        public long line() {
            return problem.line();
        }
    }
}
