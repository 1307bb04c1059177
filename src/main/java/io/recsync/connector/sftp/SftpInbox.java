package io.recsync.connector.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the server sends on an {@link SftpWire}'s channel, written by JSch's session thread,
 * read by whichever thread awaits an answer. Closed (end of stream) when the channel closes or the link dies.
 */
final class SftpInbox extends OutputStream {
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private boolean closed;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (end + len > buffer.length) {
            int held = end - start;
            if (held + len > buffer.length) {
                byte[] bigger = new byte[Math.max(buffer.length * 2, held + len)];
                System.arraycopy(buffer, start, bigger, 0, held);
                buffer = bigger;
            } else {
                System.arraycopy(buffer, start, buffer, 0, held);
            }
            start = 0;
            end = held;
        }
        System.arraycopy(b, off, buffer, end, len);
        end += len;
        notifyAll();
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    InputStream reader() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                synchronized (SftpInbox.this) {
                    while (start == end && !closed) {
                        try {
                            SftpInbox.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while waiting for the SFTP server");
                        }
                    }
                    if (start == end) {
                        return -1;
                    }
                    int n = Math.min(len, end - start);
                    System.arraycopy(buffer, start, b, off, n);
                    start += n;
                    return n;
                }
            }
        };
    }
}
