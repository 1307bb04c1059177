package io.recsync.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** A connector seen through a meter: every byte read from the storage through {@link #open} is counted. */
public final class CountingConnector extends ForwardingConnector {
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();

    public CountingConnector(Connector delegate) {
        super(delegate);
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long opens() {
        return opens.get();
    }



    @Override
    public InputStream open(StoragePath path) {
        opens.incrementAndGet();
        return new FilterInputStream(inner.open(path)) {
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
    public void close() {
        // The contract's own connector is closed by the contract.
    }
}
