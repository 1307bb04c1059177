package io.recsync.manifest;

import io.recsync.connector.Connector;
import io.recsync.connector.ObjectInfo;
import io.recsync.connector.StoragePath;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pairs each audio file with its sidecar ({@code <same base name>.json} in the same directory) as
 * a walk yields them, in whatever order it yields them.
 *
 * <p>Memory: only halves still waiting for their partner are held, keyed by their common stem
 * (directory plus base name); a pair is handed on and forgotten as soon as both halves were seen.
 * Real walks go directory by directory (local, SFTP, SMB) or by key (S3), so partners arrive close
 * together and few wait. Audio still waiting when the walk ends has no sidecar.
 *
 * <p>So that an unusual order, or a site whose audio has no sidecars at all, cannot fill the heap,
 * at most {@code maxWaiting} halves wait; beyond that the oldest is settled early. Waiting audio is
 * settled by asking the storage for its sidecar (one stat; a sidecar found that way is remembered
 * so that it is not paired again when the walk reaches it). A waiting sidecar is forgotten, and
 * from then on audio that finds no partner asks the storage in the same way, so no pairing is
 * lost. The price of the bound is one stat per file beyond it on sites without sidecars.
 */
final class SidecarPairing {

    /**
     * An audio file and its sidecar, null when it has none; with what an ordered reader of the
     * checksum cache found for each as the walk listed it (null: not found that way, look it up).
     */
    record Unit(ObjectInfo audio, ObjectInfo sidecar, CachedChecksum audioCached, CachedChecksum sidecarCached) {}

    private static final class Waiting {
        ObjectInfo audio;
        ObjectInfo sidecar;
        CachedChecksum audioCached;
        CachedChecksum sidecarCached;
    }

    private final Connector connector;
    private final int maxWaiting;
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    private final Set<StoragePath> pairedAhead = new HashSet<>();
    private boolean forgotSidecars;
    private long pairedSidecars;

    SidecarPairing(Connector connector, int maxWaiting) {
        this.connector = connector;
        this.maxWaiting = maxWaiting;
    }

    /** @param cached what an ordered read of the checksum cache found for {@code info}, or null */
    void audio(ObjectInfo info, CachedChecksum cached, Consumer<Unit> out) {
        String stem = ScanFileKind.stem(info.path());
        Waiting w = waiting.get(stem);
        if (w != null && w.sidecar != null) {
            waiting.remove(stem);
            emit(new Unit(info, w.sidecar, cached, w.sidecarCached), out);
        } else if (w != null) {
            // x.wav and x.mp3 side by side: one sidecar cannot describe both; the first keeps the
            // claim, this one stands alone (same id from a template shows up as a duplicate).
            emit(new Unit(info, null, cached, null), out);
        } else {
            w = new Waiting();
            w.audio = info;
            w.audioCached = cached;
            waiting.put(stem, w);
            bound(out);
        }
    }

    /** @param cached what an ordered read of the checksum cache found for {@code info}, or null */
    void sidecar(ObjectInfo info, CachedChecksum cached, Consumer<Unit> out) {
        if (pairedAhead.remove(info.path())) {
            return;
        }
        String stem = ScanFileKind.stem(info.path());
        Waiting w = waiting.get(stem);
        if (w != null && w.audio != null) {
            waiting.remove(stem);
            emit(new Unit(w.audio, info, w.audioCached, cached), out);
        } else if (w == null) {
            w = new Waiting();
            w.sidecar = info;
            w.sidecarCached = cached;
            waiting.put(stem, w);
            bound(out);
        }
        // else a second sidecar for one stem (x.json and x.JSON): the first keeps the claim
    }

    /** Settles all audio still waiting: the walk is over. */
    void finish(Consumer<Unit> out) {
        for (Waiting w : waiting.values()) {
            if (w.audio != null) {
                settle(w.audio, w.audioCached, forgotSidecars, out);
            }
        }
        waiting.clear();
    }

    long pairedSidecars() {
        return pairedSidecars;
    }

    private void bound(Consumer<Unit> out) {
        Iterator<Waiting> oldest = waiting.values().iterator();
        while (waiting.size() > maxWaiting) {
            Waiting w = oldest.next();
            oldest.remove();
            if (w.audio != null) {
                settle(w.audio, w.audioCached, true, out);
            } else {
                forgotSidecars = true;
            }
        }
    }

    private void settle(ObjectInfo audio, CachedChecksum audioCached, boolean askStorage, Consumer<Unit> out) {
        Optional<ObjectInfo> sidecar = askStorage ? connector.find(ScanFileKind.sidecarOf(audio.path())) : Optional.empty();
        sidecar.ifPresent(s -> pairedAhead.add(s.path()));
        emit(new Unit(audio, sidecar.orElse(null), audioCached, null), out);
    }

    private void emit(Unit unit, Consumer<Unit> out) {
        if (unit.sidecar() != null) {
            pairedSidecars++;
        }
        out.accept(unit);
    }
}
