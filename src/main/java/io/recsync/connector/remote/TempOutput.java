package io.recsync.connector.remote;

import java.io.OutputStream;

/**
 * A temp file opened for a fresh write by {@link RemoteSession#createTemp}. {@link #finish()} ends
 * the write and answers the size the server holds; {@link #close()} without it abandons the write
 * (the caller removes the temp).
 */
public abstract class TempOutput extends OutputStream {

    /** Waits for every byte to be acknowledged and answers the temp's size on the server (-1: unknown). */
    public abstract long finish() throws Exception;
}
