package io.recsync.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGTERM (systemd's stop, {@code kill}) and SIGINT (Ctrl-C) ask a long-running command to stop
 * instead of ending the JVM: the command then finishes the chunk in flight, releases the lock and
 * exits 0 itself. The JVM's own handlers come back on close.
 */
@SuppressWarnings("removal")
final class Signals implements AutoCloseable {

    private final List<Object[]> previous = new ArrayList<>();

    private Signals() {}

    static Signals onStop(Runnable stop) {
        Signals s = new Signals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler old = sun.misc.Signal.handle(signal, sig -> stop.run());
                s.previous.add(new Object[] {signal, old});
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not available here (the JVM runs with -Xrs, or the OS has no such signal): the
                // default stays, and a killed run is resumed by the next one as always.
            }
        }
        return s;
    }

    @Override
    public void close() {
        for (Object[] p : previous) {
            sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
        }
    }
}
