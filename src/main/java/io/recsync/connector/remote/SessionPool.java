package io.recsync.connector.remote;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} sessions, opened lazily, reused for the whole run. A session is lent to one
 * call at a time (a read stream keeps it until closed). A session that failed in a way that may
 * have broken its connection is discarded, and an idle one whose connection is known to be gone is
 * skipped, so the next call opens a fresh one: that is how a dropped connection is re-established.
 */
public final class SessionPool<S extends RemoteSession> implements AutoCloseable {

    /** Opens (connects) one new session. */
    @FunctionalInterface
    public interface Opener<S> {
        S open() throws Exception;
    }

    private final Semaphore permits;
    private final Deque<S> idle = new ArrayDeque<>();
    private final Opener<S> opener;
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    public SessionPool(int max, Opener<S> opener) {
        if (max < 1) {
            throw new IllegalArgumentException("a pool needs at least one session, got " + max);
        }
        this.permits = new Semaphore(max, true);
        this.opener = opener;
    }

    /** Waits for a free session, opening one when none is idle. */
    public S borrow() throws Exception {
        if (closed) {
            throw new IllegalStateException("the connector is closed");
        }
        permits.acquire();
        S session;
        while (true) {
            synchronized (idle) {
                session = idle.pollFirst();
            }
            if (session == null) {
                break;
            }
            if (session.isConnected()) {
                return session;
            }
            closeDead(session);
        }
        try {
            session = opener.open();
            opened.incrementAndGet();
            return session;
        } catch (Exception | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a healthy session for reuse. */
    public void release(S session) {
        boolean keep;
        synchronized (idle) {
            keep = !closed;
            if (keep) {
                idle.addFirst(session);
            }
        }
        if (!keep) {
            session.close();
        }
        permits.release();
    }

    /** Closes a session whose connection may be broken; its place is free for a new one. */
    public void discard(S session) {
        try {
            session.close();
        } finally {
            permits.release();
        }
    }

    /** An idle session whose connection dropped: closing it can only tidy up, never fail the borrow. */
    private void closeDead(S session) {
        try {
            session.close();
        } catch (RuntimeException e) {
            // nothing to save: its connection is already gone
        }
    }

    /** Sessions opened so far (a reused session counts once). */
    public int opened() {
        return opened.get();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            while (!idle.isEmpty()) {
                idle.pollFirst().close();
            }
        }
    }
}
