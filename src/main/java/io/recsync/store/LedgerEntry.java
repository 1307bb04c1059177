package io.recsync.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a job's evidence ledger (README "Evidence" > "Ledger"): what happened, and the
 * hashes that chain it to the entry before. Absent fields are null.
 *
 * @param seq 1 for the chain's first entry, then one more for each
 * @param prevHash the hash of entry {@code seq - 1}; 64 zeros for the first
 * @param recordingId the recording placed or replaced; null for a RUN entry
 * @param site the site the file was placed at; null for a RUN entry
 * @param path the file's path at the site
 * @param sha256 the placed file's SHA-256 (lower-case hex)
 * @param size the placed file's size in bytes
 * @param run the run (execution id) that appended it
 * @param at when it was appended (milliseconds)
 * @param detail PLACEMENT: COPIED or ALREADY_PRESENT; REPLACEMENT: where the replaced file went
 *     (quarantine path); RUN: the run's status, exit code and counts
 * @param hash SHA-256 of {@link LedgerCodec#canonical}
 */
public record LedgerEntry(String job, long seq, String prevHash, Kind kind, UUID recordingId, String site, String path,
        String sha256, Long size, long run, Instant at, String detail, String hash) {

    /** What an entry records. */
    public enum Kind {
        /** A run ended (its status, exit code and counts in {@code detail}). */
        RUN,
        /** A file recsync copied to a site and verified there, or found there already verified. */
        PLACEMENT,
        /** A file recsync replaced at a site (a metadata update); the old one went to {@code detail}. */
        REPLACEMENT,
        /** A damaged or missing copy restored from a good one (audit --repair). */
        REPAIR,
        /**
         * A target group's fallback copy deleted once the preferred member's copy was proven
         * (release: true); {@code detail} names the preferred member. The one deletion recsync makes.
         */
        RELEASE
    }

    /** An entry to append: the ledger gives it its seq, time, previous hash and hash. */
    public record Draft(Kind kind, UUID recordingId, String site, String path, String sha256, Long size, String detail) {}

    /** The same entry with the content a test or tamperer gave it; its hash as stored. */
    public LedgerEntry withHash(String h) {
        return new LedgerEntry(job, seq, prevHash, kind, recordingId, site, path, sha256, size, run, at, detail, h);
    }

    /** Whether every field, the hash included, equals {@code o}'s. */
    public boolean sameAs(LedgerEntry o) {
        return equals(o);
    }
}
