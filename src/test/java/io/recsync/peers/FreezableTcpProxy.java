package io.recsync.peers;

import java.io.IOException;

/**
 * A TCP relay on 127.0.0.1 in front of a test server that can go silent: while frozen it keeps
 * every connection open but passes no byte either way, as a link whose far end vanished (a NAT
 * timeout, a pulled cable) does. What a client sees then is only its own timeouts. The freezing
 * part of {@link FaultProxy}, kept under its old name for the tests that only freeze.
 */
public final class FreezableTcpProxy implements AutoCloseable {

    private final FaultProxy proxy;

    public FreezableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.proxy = new FaultProxy(targetHost, targetPort);
    }

    public int port() {
        return proxy.port();
    }

    /** Request/response turns relayed so far ({@link FaultProxy#turns}). */
    public long turns() {
        return proxy.turns();
    }

    /** {@link FaultProxy#startRecordingToServer}. */
    public void startRecordingToServer() {
        proxy.startRecordingToServer();
    }

    /** {@link FaultProxy#recordedToServer}. */
    public String recordedToServer() {
        return proxy.recordedToServer();
    }

    /** From now on no byte passes; connections stay open. */
    public void freeze() {
        proxy.freeze();
    }

    /** Drops every connection held (a frozen link finally reset) and passes bytes again. */
    public void thaw() {
        proxy.thaw();
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
