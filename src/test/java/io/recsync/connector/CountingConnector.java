package io.recsync.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** A connector seen through a meter: every byte read from the storage through {@link #open} is counted. */
public final class CountingConnector implements Connector {

    private final Connector delegate;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();

    public CountingConnector(Connector delegate) {
        this.delegate = delegate;
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long opens() {
        return opens.get();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public ObjectInfo stat(StoragePath path) {
        return delegate.stat(path);
    }

    @Override
    public InputStream open(StoragePath path) {
        opens.incrementAndGet();
        return new FilterInputStream(delegate.open(path)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
    }

    @Override
    public Stream<ObjectInfo> walk(StoragePath prefix) {
        return delegate.walk(prefix);
    }

    @Override
    public PutResult put(StoragePath path, InputStream data, long size, String expectedSha256, WriteMode mode) {
        return delegate.put(path, data, size, expectedSha256, mode);
    }

    @Override
    public boolean delete(StoragePath path) {
        return delegate.delete(path);
    }

    @Override
    public void close() {
        // The contract's own connector is closed by the contract.
    }
}
