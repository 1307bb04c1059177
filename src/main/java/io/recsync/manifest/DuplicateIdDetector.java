package io.recsync.manifest;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * Finds a recording id that appears twice in one manifest, remembering where it was first seen.
 *
 * <p>Used by the standalone {@code recsync manifest validate}, which has no database. It holds
 * every id it has seen, so its memory grows with the manifest: an open-addressing table of
 * primitive longs, 24 bytes per slot and 40 to 80 bytes per id with the table 30 to 60 % full,
 * about half of a {@code HashMap<UUID, Long>} and without three objects per id for the garbage
 * collector to trace. The sync job does not use it: it detects duplicates in the manifest index
 * table, where the heap stays bounded whatever the archive's size.
 */
public final class DuplicateIdDetector {

    private static final float LOAD = 0.6f;

    private long[] most = new long[1024];
    private long[] least = new long[1024];
    /** Line of first occurrence; 0 marks an empty slot (lines are 1-based). */
    private long[] lines = new long[1024];
    private int size;

    /**
     * Records {@code id} as seen at {@code line} unless it was seen before.
     *
     * @param line 1-based line (or any positive position)
     * @return the position where {@code id} was first seen, empty if it is new
     */
    public OptionalLong firstSeen(UUID id, long line) {
        if (line <= 0) {
            throw new IllegalArgumentException("line must be positive, got " + line);
        }
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        int slot = find(msb, lsb);
        if (lines[slot] != 0) {
            return OptionalLong.of(lines[slot]);
        }
        most[slot] = msb;
        least[slot] = lsb;
        lines[slot] = line;
        if (++size > lines.length * LOAD) {
            grow();
        }
        return OptionalLong.empty();
    }

    /** Distinct ids seen. */
    public int size() {
        return size;
    }

    private int find(long msb, long lsb) {
        int mask = lines.length - 1;
        int slot = (int) mix(msb, lsb) & mask;
        while (lines[slot] != 0 && (most[slot] != msb || least[slot] != lsb)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Version-1 UUIDs share most of their bits; mixing spreads them over the table. */
    private static long mix(long msb, long lsb) {
        long h = msb * 0x9E3779B97F4A7C15L ^ lsb * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 31);
    }

    private void grow() {
        long[] oldMost = most;
        long[] oldLeast = least;
        long[] oldLines = lines;
        most = new long[oldLines.length * 2];
        least = new long[oldLines.length * 2];
        lines = new long[oldLines.length * 2];
        for (int i = 0; i < oldLines.length; i++) {
            if (oldLines[i] != 0) {
                int slot = find(oldMost[i], oldLeast[i]);
                most[slot] = oldMost[i];
                least[slot] = oldLeast[i];
                lines[slot] = oldLines[i];
            }
        }
    }
}
