package io.recsync.connector.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A read stream that holds its pooled session until closed, then gives it back, or discards it
 * when a read failed (the connection may be gone).
 */
final class SessionBoundInputStream<S extends RemoteSession> extends FilterInputStream {

    private final S session;
    private final SessionPool<S> pool;
    private boolean broken;
    private boolean closed;

    SessionBoundInputStream(InputStream in, S session, SessionPool<S> pool) {
        super(in);
        this.session = session;
        this.pool = pool;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            if (!broken) {
                broken = true;
                throw e;
            } // a read already failed and said why; closing what is left must not fail again
        } finally {
            if (broken) {
                pool.discard(session);
            } else {
                pool.release(session);
            }
        }
    }
}
